namespace Telltale.Decoding;

/// <summary>
/// What the layered decoder made of a literal: text when some chain reached it, and otherwise the
/// binary outputs of text encodings (base64, hex…) so the raw xor sweep can still look inside them.
/// </summary>
public sealed record DecodeOutcome(DecodeResult? Text, IReadOnlyList<DecodedLayer> BinaryResidue)
{
    public static DecodeOutcome Nothing { get; } = new(null, []);
}
