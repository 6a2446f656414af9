using System.Globalization;
using System.Text;
using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>
/// <c>\xNN</c>, <c>\uNNNN</c> and <c>\u{N…}</c> escapes written out as text (double-escaped in the
/// source, or found in a binary). Applies when escapes make up most of the input.
/// </summary>
public sealed class EscapeDecoder : IDecoder
{
    private const int MinEscapes = 4;

    public string Name => "escapes";

    public bool ReadsText => true;

    public IEnumerable<DecodedLayer> Decode(byte[] input, ScanLimits limits)
    {
        if (input.Length < MinEscapes * 4 || input.AsSpan().IndexOf((byte)'\\') < 0)
        {
            yield break;
        }

        var text = Encoding.ASCII.GetString(input);
        var output = new StringBuilder(text.Length / 2);
        var escapes = 0;
        var escapedChars = 0;
        var allBytes = true;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && TryReadEscape(text, i, out var value, out var length))
            {
                output.Append(char.ConvertFromUtf32(value));
                allBytes &= value <= 0xFF;
                escapes++;
                escapedChars += length;
                i += length - 1;
            }
            else
            {
                output.Append(text[i]);
                allBytes &= text[i] <= 0xFF;
            }
        }

        if (escapes < MinEscapes || escapedChars * 2 < text.Length)
        {
            yield break;
        }

        var decoded = output.ToString();
        yield return new DecodedLayer(Name, allBytes ? Encoding.Latin1.GetBytes(decoded) : Encoding.UTF8.GetBytes(decoded));
    }

    private static bool TryReadEscape(string text, int start, out int value, out int length)
    {
        value = 0;
        length = 0;
        var kind = text[start + 1];
        if (kind == 'x' && start + 4 <= text.Length && TryHex(text.AsSpan(start + 2, 2), out value))
        {
            length = 4;
            return true;
        }

        if (kind != 'u')
        {
            return false;
        }

        if (start + 2 < text.Length && text[start + 2] == '{')
        {
            var close = text.IndexOf('}', start + 3);
            if (close > start + 3 && close - start - 3 <= 6 && TryHex(text.AsSpan(start + 3, close - start - 3), out value) && value <= 0x10FFFF && value is < 0xD800 or > 0xDFFF)
            {
                length = close - start + 1;
                return true;
            }

            return false;
        }

        if (start + 6 <= text.Length && TryHex(text.AsSpan(start + 2, 4), out value) && value is < 0xD800 or > 0xDFFF)
        {
            length = 6;
            return true;
        }

        return false;
    }

    private static bool TryHex(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
