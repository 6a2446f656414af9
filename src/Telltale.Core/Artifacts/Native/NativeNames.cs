using System.Globalization;
using System.Text;

namespace Telltale.Artifacts.Native;

/// <summary>
/// Names read from headers. They are attacker-chosen bytes that end up in reports and terminals, so they
/// are length-capped and characters that do not show are replaced.
/// </summary>
internal static class NativeNames
{
    /// <summary>Longest name kept, in bytes (UTF-8) or code units (UTF-16); real section and resource names are far shorter.</summary>
    public const int MaxLength = 128;

    /// <summary>A fixed-width field padded with NULs (Mach-O segment and section names, PE section names).</summary>
    public static string FromPadded(ReadOnlySpan<byte> field) => FromNulTerminated(field, 0);

    /// <summary>The NUL-terminated string at <paramref name="at"/> in a string table; empty when out of range.</summary>
    public static string FromNulTerminated(ReadOnlySpan<byte> table, long at)
    {
        if (at < 0 || at >= table.Length)
        {
            return string.Empty;
        }

        var rest = table[(int)at..];
        var end = rest.IndexOf((byte)0);
        var text = end < 0 ? rest : rest[..end];
        return Clean(Encoding.UTF8.GetString(text[..Math.Min(text.Length, MaxLength)]));
    }

    /// <summary>UTF-16LE code units (PE resource names).</summary>
    public static string FromUtf16(ReadOnlySpan<byte> units) =>
        Clean(Encoding.Unicode.GetString(units[..Math.Min(units.Length & ~1, MaxLength * 2)]));

    /// <summary>Replaces control characters and invisible format characters (bidi overrides among them), which could disguise a name.</summary>
    private static string Clean(string name)
    {
        if (!name.Any(IsHidden))
        {
            return name;
        }

        return string.Create(name.Length, name, static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = IsHidden(source[i]) ? '?' : source[i];
            }
        });
    }

    private static bool IsHidden(char c) => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
