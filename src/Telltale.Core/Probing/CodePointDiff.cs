using System.Globalization;
using System.Text;
using DiffPlex;
using Telltale.Classification;

namespace Telltale.Probing;

/// <summary>
/// Diffs two strings code point by code point with DiffPlex, so that a single swapped apostrophe or an inserted
/// U+200B shows as exactly that change rather than as a changed word or line.
/// </summary>
public static class CodePointDiff
{
    /// <summary>Code points of context shown on each side of a change.</summary>
    public const int ContextLength = 30;

    /// <summary>
    /// Above this many differing code points (after the common prefix and suffix are set aside) the middle is
    /// reported as one replacement: Myers' diff costs length × edit distance, and two unrelated long texts
    /// have no character-level story worth the wait.
    /// </summary>
    public const int MaxDiffedLength = 20_000;

    private static readonly Differ Differ = new();

    public static IReadOnlyList<CodePointChange> Compare(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return [];
        }

        var a = Split(oldText);
        var b = Split(newText);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && string.Equals(a[prefix], b[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix
            && string.Equals(a[^(suffix + 1)], b[^(suffix + 1)], StringComparison.Ordinal))
        {
            suffix++;
        }

        var oldCount = a.Length - prefix - suffix;
        var newCount = b.Length - prefix - suffix;
        if (oldCount == 0 || newCount == 0 || oldCount + newCount > MaxDiffedLength)
        {
            return [Change(a, b, prefix, oldCount, prefix, newCount)];
        }

        var result = Differ.CreateDiffs(
            string.Concat(a.AsSpan(prefix, oldCount)),
            string.Concat(b.AsSpan(prefix, newCount)),
            ignoreWhiteSpace: false,
            ignoreCase: false,
            CodePointChunker.Instance);
        return result.DiffBlocks
            .Select(block => Change(
                a, b, prefix + block.DeleteStartA, block.DeleteCountA, prefix + block.InsertStartB, block.InsertCountB))
            .ToArray();
    }

    /// <summary>
    /// The text with invisible and control characters written as <c>\u{200B}</c> (newline, carriage return and
    /// tab as <c>\n</c>, <c>\r</c>, <c>\t</c>), so an excerpt shows every character that is there.
    /// </summary>
    public static string ShowInvisible(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = new StringBuilder(text.Length);
        foreach (var piece in Split(text))
        {
            var codePoint = CodePointOf(piece);
            if (codePoint == '\n')
            {
                shown.Append(@"\n");
            }
            else if (codePoint == '\r')
            {
                shown.Append(@"\r");
            }
            else if (codePoint == '\t')
            {
                shown.Append(@"\t");
            }
            else if ((piece.Length == 1 && (char.IsControl(piece[0]) || char.IsSurrogate(piece[0])))
                || Confusables.IsInvisible(codePoint))
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{{{codePoint:X4}}}");
            }
            else
            {
                shown.Append(piece);
            }
        }

        return shown.ToString();
    }

    /// <summary>
    /// The text as code points, each a one- or two-unit string. A lone surrogate stays a piece of its own rather
    /// than becoming U+FFFD, because a malformed character is itself a difference worth showing.
    /// </summary>
    internal static string[] Split(string text)
    {
        var pieces = new List<string>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var width = char.IsSurrogatePair(text, i) ? 2 : 1;
            pieces.Add(text.Substring(i, width));
            i += width;
        }

        return [.. pieces];
    }

    internal static int CodePointOf(string piece) =>
        piece.Length == 2 ? char.ConvertToUtf32(piece[0], piece[1]) : piece[0];

    internal static IReadOnlyList<string> Describe(string text) =>
        Split(text).Select(piece => Confusables.Describe(CodePointOf(piece))).ToArray();

    internal static bool ContainsInvisible(string text) =>
        Split(text).Any(piece => Confusables.IsInvisible(CodePointOf(piece)));

    /// <summary>Shown text cut to <paramref name="limit"/> code points, saying how many more there were.</summary>
    internal static string Shorten(string text, int limit)
    {
        var pieces = Split(text);
        return pieces.Length <= limit
            ? ShowInvisible(text)
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{ShowInvisible(string.Concat(pieces.AsSpan(0, limit)))}…(+{pieces.Length - limit})");
    }

    internal static CodePointChange Change(string[] a, string[] b, int oldStart, int oldCount, int newStart, int newCount)
    {
        var beforeStart = Math.Max(0, oldStart - ContextLength);
        var afterEnd = Math.Min(a.Length, oldStart + oldCount + ContextLength);
        var before = ShowInvisible(string.Concat(a.AsSpan(beforeStart, oldStart - beforeStart)));
        var after = ShowInvisible(string.Concat(a.AsSpan(oldStart + oldCount, afterEnd - oldStart - oldCount)));
        return new CodePointChange(
            oldStart,
            newStart,
            string.Concat(a.AsSpan(oldStart, oldCount)),
            string.Concat(b.AsSpan(newStart, newCount)),
            beforeStart > 0 ? "…" + before : before,
            afterEnd < a.Length ? after + "…" : after);
    }
}
