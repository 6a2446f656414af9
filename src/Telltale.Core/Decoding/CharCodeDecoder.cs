using System.Globalization;
using System.Text;
using Telltale.Scanning;

namespace Telltale.Decoding;

/// <summary>
/// Lists of character codes such as <c>[104,116,116,112]</c> or <c>104,116,116,112</c>, the argument
/// lists of <c>String.fromCharCode</c>. Codes up to 255 become bytes (they are often xor'd next).
/// </summary>
public sealed class CharCodeDecoder : IDecoder
{
    private const int MinCodes = 4;

    public string Name => "charcodes";

    public bool ReadsText => true;

    public IEnumerable<DecodedLayer> Decode(byte[] input, ScanLimits limits)
    {
        var text = Encoding.ASCII.GetString(input).Trim().TrimStart('[', '(').TrimEnd(']', ')');
        if (text.Length < MinCodes * 2 || text.IndexOf(',') < 0)
        {
            yield break;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < MinCodes)
        {
            yield break;
        }

        var codes = new int[parts.Length];
        var allBytes = true;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var ok = part.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? int.TryParse(part.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out codes[i])
                : int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out codes[i]);
            if (!ok || codes[i] > 0x10FFFF || codes[i] is >= 0xD800 and <= 0xDFFF)
            {
                yield break;
            }

            allBytes &= codes[i] <= 0xFF;
        }

        // Arrays of small integers are lookup tables (bit counts, indices), the commonest number arrays
        // in a bundle; any key turns them into letters. Character codes of text, plain or xor'd with a key
        // that keeps letters above the control range, are mostly 0x20 or more.
        if (codes.Count(c => c < 0x20) * 2 > codes.Length)
        {
            yield break;
        }

        if (allBytes)
        {
            yield return new DecodedLayer(Name, codes.Select(c => (byte)c).ToArray());
            yield break;
        }

        var builder = new StringBuilder(codes.Length);
        foreach (var code in codes)
        {
            builder.Append(char.ConvertFromUtf32(code));
        }

        yield return new DecodedLayer(Name, Encoding.UTF8.GetBytes(builder.ToString()));
    }
}
