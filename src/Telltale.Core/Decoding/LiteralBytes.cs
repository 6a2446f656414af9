using System.Text;

namespace Telltale.Decoding;

/// <summary>
/// The bytes a literal stands for. JavaScript that hides data in strings usually builds "binary
/// strings" (every char below 256, e.g. <c>String.fromCharCode(b ^ k)</c>), so those map one char to
/// one byte; anything else is real text and becomes UTF-8.
/// </summary>
public static class LiteralBytes
{
    public static byte[] From(string value)
    {
        if (!IsByteString(value))
        {
            return Encoding.UTF8.GetBytes(value);
        }

        var bytes = new byte[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            bytes[i] = (byte)value[i];
        }

        // Latin-1 text that is not a binary string (é, ’ in cp1252 range) reads better as UTF-8.
        return TextPlausibility.IsPrintableAscii(bytes) || !Utf8Text(value) ? bytes : Encoding.UTF8.GetBytes(value);
    }

    /// <summary>True when every char fits in a byte: the literal may be a binary string rather than text.</summary>
    public static bool IsByteString(string value)
    {
        foreach (var c in value)
        {
            if (c > 0xFF)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decoded bytes as display text: UTF-8 when valid, else Latin-1 so nothing is lost.</summary>
    public static string ToText(ReadOnlySpan<byte> data) =>
        System.Text.Unicode.Utf8.IsValid(data) ? Encoding.UTF8.GetString(data) : Encoding.Latin1.GetString(data);

    private static bool Utf8Text(string value)
    {
        foreach (var c in value)
        {
            if (c >= 0x80 && (char.IsControl(c) || c < 0xA0))
            {
                return false;
            }
        }

        return true;
    }
}
