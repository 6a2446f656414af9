using System.Text;

namespace Telltale.Reports;

/// <summary>
/// Turns untrusted text into Markdown that renders as exactly that text (CommonMark and GitHub's dialect):
/// no stray emphasis, links, HTML, tables or headings, however many backticks, pipes, angle brackets or line
/// breaks the evidence holds. Hard-to-see characters are shown as <c>\u{XXXX}</c> first (see
/// <see cref="ReportText.Visible"/>).
/// </summary>
internal static class MarkdownText
{
    // ASCII punctuation that can start Markdown or HTML syntax mid-line. CommonMark lets a backslash escape
    // any ASCII punctuation, so escaping these is always safe; the rest ('.', ',', ':', '"', …) stays
    // unescaped for readability and is handled at the start of a line below.
    private const string InlineSpecials = "\\`*_[]<>&|~#";

    /// <summary>Plain text on one line, inside a heading or list item or after other text on a line.</summary>
    public static string Inline(string text) => Escape(text, startsLine: false);

    /// <summary>Plain text as a paragraph of its own: also neutralises what would start a block there.</summary>
    public static string Paragraph(string text) => Escape(text, startsLine: true);

    private static string Escape(string text, bool startsLine)
    {
        // Line breaks would end the heading or list item, so fold every run of whitespace containing one.
        string visible = ReportText.Visible(FoldLines(text), multiline: false);
        var builder = new StringBuilder(visible.Length + 8);
        foreach (char c in visible)
        {
            if (InlineSpecials.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        if (startsLine)
        {
            EscapeLineStart(builder);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A code span for one-line text: the fence is one backtick longer than the longest backtick run inside,
    /// and padded with spaces when the text starts or ends with a backtick or space (CommonMark strips one
    /// space from each end). Empty text becomes an italic "(empty)", since an empty code span does not exist.
    /// </summary>
    public static string Code(string text)
    {
        string visible = ReportText.Visible(text, multiline: false);
        if (visible.Length == 0)
        {
            return "*(empty)*";
        }

        string fence = new('`', LongestRun(visible, '`') + 1);
        bool pad = visible[0] is '`' or ' ' || visible[^1] is '`' or ' ';
        if (visible.All(c => c == ' '))
        {
            pad = false;
        }

        return pad ? $"{fence} {visible} {fence}" : $"{fence}{visible}{fence}";
    }

    /// <summary>
    /// <see cref="Code"/> for a table cell: GitHub splits table rows at every unescaped <c>|</c>, code spans
    /// included, and removes the backslash of <c>\|</c> before it reads the span, so the text still shows as is.
    /// </summary>
    public static string TableCode(string text) => Code(text).Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>
    /// A fenced code block, for multi-line or long text, ending with a newline. The fence outgrows any
    /// backtick run in the text, so no line of the text can close it early.
    /// </summary>
    public static string Block(string text)
    {
        string visible = ReportText.Visible(text, multiline: true);
        string fence = new('`', Math.Max(3, LongestRun(visible, '`') + 1));
        return $"{fence}text\n{visible}{(visible.EndsWith('\n') || visible.Length == 0 ? "" : "\n")}{fence}\n";
    }

    /// <summary>True when the text needs a block rather than a code span.</summary>
    public static bool NeedsBlock(string text, int maxInline) =>
        text.Length > maxInline || text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal);

    private static string FoldLines(string text)
    {
        if (!text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        bool inBreak = false;
        foreach (char c in text)
        {
            bool isBreak = c is '\n' or '\r';
            if (isBreak || (inBreak && c is ' ' or '\t'))
            {
                if (!inBreak)
                {
                    // Drop the spaces before the break too, then emit one space for the whole run.
                    while (builder.Length > 0 && builder[^1] is ' ' or '\t')
                    {
                        builder.Length--;
                    }

                    builder.Append(' ');
                }

                inBreak = true;
                continue;
            }

            inBreak = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Escapes what makes a line a block when it starts one: list markers (<c>-</c>, <c>+</c>, <c>1.</c>,
    /// <c>1)</c>), block quotes and setext/thematic rules (<c>=</c>); <c>#</c>, <c>*</c> and <c>&gt;</c> are
    /// already escaped everywhere. Leading spaces are dropped, since four would start an indented code block.
    /// </summary>
    private static void EscapeLineStart(StringBuilder builder)
    {
        int spaces = 0;
        while (spaces < builder.Length && builder[spaces] is ' ' or '\t')
        {
            spaces++;
        }

        builder.Remove(0, spaces);
        if (builder.Length == 0)
        {
            return;
        }

        if (builder[0] is '-' or '+' or '=')
        {
            builder.Insert(0, '\\');
            return;
        }

        int digits = 0;
        while (digits < builder.Length && char.IsAsciiDigit(builder[digits]))
        {
            digits++;
        }

        // An ordered-list marker is digits, '.' or ')', then a space or the end of the line; "1.5" is just a number.
        bool marker = digits > 0 && digits < builder.Length && builder[digits] is '.' or ')'
            && (digits + 1 == builder.Length || builder[digits + 1] is ' ' or '\t');
        if (marker)
        {
            builder.Insert(digits, '\\');
        }
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0;
        int run = 0;
        foreach (char x in text)
        {
            run = x == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
