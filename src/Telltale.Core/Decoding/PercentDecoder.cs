using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>URL percent-encoding, when <c>%NN</c> sequences carry a good part of the input.</summary>
public sealed class PercentDecoder : IDecoder
{
    private const int MinEscapes = 3;

    public string Name => "percent";

    public bool ReadsText => true;

    public IEnumerable<DecodedLayer> Decode(byte[] input, ScanLimits limits)
    {
        var escapes = 0;
        for (var i = 0; i + 2 < input.Length; i++)
        {
            if (input[i] == '%' && char.IsAsciiHexDigit((char)input[i + 1]) && char.IsAsciiHexDigit((char)input[i + 2]))
            {
                escapes++;
                i += 2;
            }
        }

        // A URL with one or two escaped spaces is not hidden; mostly-escaped text is.
        if (escapes < MinEscapes || escapes * 3 * 10 < input.Length * 3)
        {
            yield break;
        }

        var output = new byte[input.Length];
        var length = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == '%' && i + 2 < input.Length && char.IsAsciiHexDigit((char)input[i + 1]) && char.IsAsciiHexDigit((char)input[i + 2]))
            {
                output[length++] = (byte)((HexValue(input[i + 1]) << 4) | HexValue(input[i + 2]));
                i += 2;
            }
            else
            {
                output[length++] = input[i];
            }
        }

        yield return new DecodedLayer(Name, output[..length]);
    }

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
