using System.Globalization;
using System.Text;

namespace Telltale.Probing.Evidence;

/// <summary>
/// Folder names for variants in an evidence bundle. A variant's name is whatever a matrix file said (a published
/// bundle's matrix is someone else's), so it becomes a file name only through this: the variant's position, then
/// lower-case ASCII letters and digits with every other run of characters as one <c>-</c>, at most
/// <see cref="MaxLength"/> characters. No dot, separator or control character survives, and the position makes each
/// slug unique even on a case-insensitive file system.
/// </summary>
public static class VariantSlugs
{
    public const int MaxLength = 64;

    /// <summary>One slug per name, in order: <c>01-baseline</c>, <c>02-tz-asia-shanghai</c>.</summary>
    public static IReadOnlyList<string> Assign(IReadOnlyList<string> variantNames)
    {
        ArgumentNullException.ThrowIfNull(variantNames);
        var width = Math.Max(2, variantNames.Count.ToString(CultureInfo.InvariantCulture).Length);
        return [.. variantNames.Select((name, index) => Slug(index + 1, width, name))];
    }

    private static string Slug(int position, int width, string name)
    {
        var slug = new StringBuilder(position.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'));
        var words = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                words.Append(char.ToLowerInvariant(c));
            }
            else if (words.Length > 0 && words[^1] != '-')
            {
                words.Append('-');
            }
        }

        var text = words.ToString().TrimEnd('-');
        slug.Append('-').Append(text.Length == 0 ? "variant" : text);
        return slug.Length <= MaxLength ? slug.ToString() : slug.ToString(0, MaxLength).TrimEnd('-');
    }
}
