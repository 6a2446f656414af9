namespace Telltale.Decoding;

/// <summary>
/// Text hidden under single-byte xor in raw bytes, found around one or more <see cref="XorSweep"/> hits: every
/// byte of <c>[Offset, Offset + Length)</c> decodes under <see cref="Key"/> to a text character.
/// </summary>
/// <param name="Offset">Byte offset of the first hidden byte.</param>
/// <param name="Length">Hidden bytes.</param>
/// <param name="Key">The single-byte xor key.</param>
/// <param name="Text">The decoded text, its first <see cref="XorHiddenText.MaxShownBytes"/> bytes when it is longer.</param>
/// <param name="Hits">The sweep's hits inside it, ordered by offset.</param>
public sealed record XorHiddenRun(long Offset, int Length, byte Key, string Text, IReadOnlyList<XorSweepHit> Hits)
{
    public long End => Offset + Length;

    /// <summary>The distinct indicators found inside, in the order they first stand.</summary>
    public IReadOnlyList<string> Indicators => [.. Hits.Select(h => h.Indicator).Distinct(StringComparer.Ordinal)];
}
