using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Telltale.Classification;

namespace Telltale.Gateway;

/// <summary>
/// The plain ASCII text a non-ASCII character stands in for, from its TR39 skeleton (<see cref="Confusables.Skeleton"/>).
/// <para>
/// The skeleton is not itself the replacement: TR39 maps characters to a prototype that need not be the character a
/// reader sees ("0" → "O", "1" → "l", '"' → "''"). So the replacement is the ASCII character whose own skeleton equals
/// the candidate's, chosen by the same general category first (Cyrillic "І" is an uppercase letter, so "I" and not
/// "l"), then the character that is its own skeleton, then the lowest code point; only when no single ASCII character
/// shares the skeleton is the skeleton itself used, and only if every character of it is its own skeleton.
/// </para>
/// </summary>
internal static class LookAlikeTable
{
    private static readonly ConcurrentDictionary<int, string?> Cache = new();
    private static readonly Lazy<Dictionary<string, List<char>>> AsciiBySkeleton = new(BuildAsciiBySkeleton);

    /// <summary>The ASCII replacement, or null when the character is ASCII, not confusable with ASCII, or a space, control, mark or emoji.</summary>
    public static string? Replacement(int codePoint) => codePoint < 0x80 ? null : Cache.GetOrAdd(codePoint, Compute);

    private static string? Compute(int codePoint)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        if (CodePointRanges.IsSpace(codePoint) || CodePointRanges.IsMark(codePoint) || CodePointRanges.IsEmojiCapable(codePoint)
            || category is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned)
        {
            return null;
        }

        var text = char.ConvertFromUtf32(codePoint);
        var skeleton = Confusables.Skeleton(text);
        if (skeleton.Length == 0 || string.Equals(skeleton, text, StringComparison.Ordinal) || !Ascii.IsValid(skeleton)
            || skeleton.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            // A replacement with a space in it would cut the text into different pieces and words on a second pass.
            return null;
        }

        if (AsciiBySkeleton.Value.TryGetValue(skeleton, out var sharing))
        {
            return sharing
                .OrderBy(c => char.GetUnicodeCategory(c) == category ? 0 : 1)
                .ThenBy(c => skeleton.Length == 1 && skeleton[0] == c ? 0 : 1)
                .ThenBy(c => c)
                .Select(c => c.ToString())
                .First();
        }

        return string.Equals(Confusables.Skeleton(skeleton), skeleton, StringComparison.Ordinal) ? skeleton : null;
    }

    private static Dictionary<string, List<char>> BuildAsciiBySkeleton()
    {
        var table = new Dictionary<string, List<char>>(StringComparer.Ordinal);
        for (var c = '!'; c <= '~'; c++)
        {
            var skeleton = Confusables.Skeleton(c.ToString());
            if (!table.TryGetValue(skeleton, out var list))
            {
                table[skeleton] = list = [];
            }

            list.Add(c);
        }

        return table;
    }
}
