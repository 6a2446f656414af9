namespace Telltale.Decoding;

/// <summary>A literal decoded to text: the text, its bytes, and the layers that produced it, outermost first.</summary>
public sealed record DecodeResult(string Value, byte[] Bytes, IReadOnlyList<string> Chain, double Score)
{
    /// <summary>True when a keyed layer (xor) was needed: the value was hidden on purpose, not merely encoded.</summary>
    public bool IsObfuscated => Chain.Any(layer => layer.StartsWith("xor", StringComparison.Ordinal));
}
