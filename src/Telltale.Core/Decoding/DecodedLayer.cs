namespace Telltale.Decoding;

/// <summary>One decoding step's output and the label that names it in a chain (e.g. <c>xor 0x5B</c>).</summary>
public readonly record struct DecodedLayer(string Label, byte[] Output);
