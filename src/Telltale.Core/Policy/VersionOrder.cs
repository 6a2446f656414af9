using Semver;

namespace Telltale.Policy;

/// <summary>
/// Version comparison for policy ranges. npm and extension versions are semver; JetBrains plugin versions and
/// some older packages are not strictly so (<c>2025.2</c>, <c>1.0.0.1</c>), so they are read leniently and
/// compared by semver precedence, and text that is no version at all compares as text after every version.
/// </summary>
public static class VersionOrder
{
    /// <summary>OSV's "from the first version" in an <c>introduced</c> event.</summary>
    public const string Zero = "0";

    public static SemVersion? Parse(string text)
    {
        if (SemVersion.TryParse(text, SemVersionStyles.Strict, out var strict))
        {
            return strict;
        }

        // A leading "v", fewer than three parts, leading zeros: what real manifests hold.
        if (SemVersion.TryParse(text.Trim(), SemVersionStyles.Any, out var loose))
        {
            return loose;
        }

        // Four or more numeric parts (1.0.0.1): the first three order it, the rest is build metadata.
        var parts = text.Split('.');
        if (parts.Length > 3 && parts.All(p => p.Length is > 0 and < 10 && p.All(char.IsAsciiDigit)))
        {
            return SemVersion.TryParse(string.Join('.', parts.Take(3)) + "+" + string.Join('.', parts.Skip(3)), SemVersionStyles.Any, out var four) ? four : null;
        }

        return null;
    }

    public static bool IsVersion(string text) => text == Zero || Parse(text) is not null;

    /// <summary>Precedence order; <see cref="Zero"/> comes first, text that is no version last (ordinal among itself).</summary>
    public static int Compare(string left, string right)
    {
        if (left == right)
        {
            return 0;
        }

        if (left == Zero || right == Zero)
        {
            return left == Zero ? -1 : 1;
        }

        var (a, b) = (Parse(left), Parse(right));
        return (a, b) switch
        {
            (null, null) => string.CompareOrdinal(left, right),
            (null, _) => 1,
            (_, null) => -1,
            _ => a.ComparePrecedenceTo(b) is var order and not 0 ? order : string.CompareOrdinal(left, right),
        };
    }

    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);
}
