using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>Hexadecimal text (optionally with a 0x prefix), whole input only, at least 8 bytes' worth.</summary>
public sealed class HexDecoder : IDecoder
{
    public const int MinLength = 16;

    public string Name => "hex";

    public bool ReadsText => true;

    public IEnumerable<DecodedLayer> Decode(byte[] input, ScanLimits limits)
    {
        ReadOnlySpan<byte> text = input;
        if (text.Length > 2 && text[0] == '0' && (text[1] | 0x20) == 'x')
        {
            text = text[2..];
        }

        if (text.Length < MinLength || text.Length % 2 != 0)
        {
            yield break;
        }

        var letters = false;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit((char)c))
            {
                yield break;
            }

            letters |= c > '9';
        }

        // All digits is a number, not hex-encoded data.
        if (!letters)
        {
            yield break;
        }

        yield return new DecodedLayer(Name, Convert.FromHexString(System.Text.Encoding.ASCII.GetString(text)));
    }
}
