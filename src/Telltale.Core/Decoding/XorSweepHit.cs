namespace Telltale.Decoding;

/// <summary>
/// One indicator found by <see cref="XorSweep"/>: it starts at <paramref name="Offset"/> in the raw
/// bytes, and xor-ing its <c>Indicator.Length</c> bytes with <paramref name="Key"/> gives the indicator.
/// </summary>
/// <param name="Offset">Byte offset of the first hidden byte.</param>
/// <param name="Key">The single-byte xor key (0 only under <see cref="XorSweepOptions.IncludePlain"/>).</param>
/// <param name="Indicator">The indicator as it was given to the sweep (the same string instance).</param>
public readonly record struct XorSweepHit(long Offset, byte Key, string Indicator);
