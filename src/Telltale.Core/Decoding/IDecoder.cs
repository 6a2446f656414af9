using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>
/// One decoding layer. A decoder must recognise its own input strictly and say nothing otherwise:
/// the layered decoder tries every decoder on every input, so a loose decoder costs time and
/// invents findings.
/// </summary>
public interface IDecoder
{
    /// <summary>The first word of this decoder's chain labels, e.g. <c>base64</c>.</summary>
    string Name { get; }

    /// <summary>True when the decoder reads text (base64, hex…); false when it reads bytes that are not text (xor, gzip).</summary>
    bool ReadsText { get; }

    IEnumerable<DecodedLayer> Decode(byte[] input, ScanLimits limits);
}
