using System.Globalization;
using System.Text;

namespace Telltale.Reports;

/// <summary>
/// Text helpers shared by the writers. Evidence comes from hostile artifacts, so every writer shows
/// characters that are invisible or reorder text (bidi overrides, zero-width and filler characters,
/// variation selectors) as escapes instead of passing them through where they could hide or disguise
/// what a reviewer is reading.
/// </summary>
public static class ReportText
{
    /// <summary>The ellipsis appended to shortened text.</summary>
    public const string Ellipsis = "…";

    /// <summary>
    /// True for characters a reader cannot see or that change how surrounding text displays:
    /// controls, format characters (bidi embeddings and isolates, zero-width joiners, tags),
    /// line/paragraph separators, spaces other than U+0020, and the usual "invisible identifier"
    /// tricks that Unicode does not class as format characters (Hangul fillers, variation selectors).
    /// </summary>
    public static bool IsHardToSee(Rune rune)
    {
        int value = rune.Value;
        if (value == ' ')
        {
            return false;
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.Surrogate:
            case UnicodeCategory.PrivateUse:
                return true;
        }

        return value is 0x034F                    // combining grapheme joiner
            or 0x115F or 0x1160 or 0x3164 or 0xFFA0 // Hangul fillers, used as invisible identifiers
            or 0x17B4 or 0x17B5                   // Khmer inherent vowels, render as nothing
            or (>= 0x180B and <= 0x180F)          // Mongolian free variation selectors
            or 0x2800                             // braille blank
            or (>= 0xFE00 and <= 0xFE0F)          // variation selectors
            or (>= 0xE0100 and <= 0xE01EF);       // variation selectors supplement
    }

    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="maxChars"/> UTF-16 units plus an ellipsis,
    /// never between the halves of a surrogate pair.
    /// </summary>
    public static string Shorten(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        int cut = maxChars;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), Ellipsis);
    }

    /// <summary>
    /// A double-quoted, shortened rendering for one-line messages (SARIF flow steps):
    /// quotes, backslashes, line breaks and hard-to-see characters are escaped.
    /// </summary>
    public static string Quote(string text, int maxChars)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxChars) + 8);
        builder.Append('"');
        AppendVisible(builder, Shorten(text, maxChars), multiline: false, escapeQuotes: true, keepTabs: true);
        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>
    /// Replaces hard-to-see characters with <c>\u{XXXX}</c>. With <paramref name="multiline"/> line breaks
    /// are kept (normalised to <c>\n</c>); otherwise they become the two characters <c>\n</c> / <c>\r</c>
    /// so the result stays on one line. Tabs are kept unless <paramref name="keepTabs"/> is false: a
    /// terminal moves the cursor for a tab, so a terminal view shows it as an escape like any other control.
    /// </summary>
    public static string Visible(string text, bool multiline, bool keepTabs = true)
    {
        var builder = new StringBuilder(text.Length);
        AppendVisible(builder, text, multiline, escapeQuotes: false, keepTabs);
        return builder.ToString();
    }

    private static void AppendVisible(StringBuilder builder, string text, bool multiline, bool escapeQuotes, bool keepTabs)
    {
        Span<char> units = stackalloc char[2];
        ReadOnlySpan<char> rest = text;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate: show which one rather than silently replacing it.
                AppendCodePoint(builder, rest[0]);
                rest = rest[1..];
                continue;
            }

            rest = rest[consumed..];
            switch (rune.Value)
            {
                case '\t' when keepTabs:
                    builder.Append('\t');
                    continue;
                case '\r':
                    if (multiline)
                    {
                        // CR LF and lone CR both end a line; keep a single \n for either.
                        if (rest.Length > 0 && rest[0] == '\n')
                        {
                            rest = rest[1..];
                        }

                        builder.Append('\n');
                    }
                    else
                    {
                        builder.Append("\\r");
                    }

                    continue;
                case '\n':
                    builder.Append(multiline ? "\n" : "\\n");
                    continue;
                case '"' when escapeQuotes:
                    builder.Append("\\\"");
                    continue;
                case '\\' when escapeQuotes:
                    builder.Append("\\\\");
                    continue;
            }

            if (IsHardToSee(rune))
            {
                AppendCodePoint(builder, rune.Value);
            }
            else
            {
                builder.Append(units[..rune.EncodeToUtf16(units)]);
            }
        }
    }

    private static void AppendCodePoint(StringBuilder builder, int value) =>
        builder.Append("\\u{").Append(value.ToString("X4", CultureInfo.InvariantCulture)).Append('}');
}
