using Telltale.Artifacts;

namespace Telltale.Tracking.Watching;

/// <summary>
/// The packages to watch, from arguments and a list file: one <c>npm:NAME</c> per line; blank lines and
/// everything after <c>#</c> are ignored. A watch follows a package, so a version or tag is refused.
/// </summary>
public static class WatchList
{
    /// <summary>The package names, in first-mention order and without repeats.</summary>
    /// <exception cref="TargetException">for an entry that is not <c>npm:NAME</c>, naming the file and line.</exception>
    public static IReadOnlyList<string> Parse(IEnumerable<string> arguments, string? listText = null, string listName = "watch list")
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var names = new List<string>();
        foreach (var argument in arguments)
        {
            Add(names, argument, EntryNames.Printable(argument));
        }

        if (listText is not null)
        {
            var lines = listText.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var comment = lines[i].IndexOf('#', StringComparison.Ordinal);
                var entry = (comment < 0 ? lines[i] : lines[i][..comment]).Trim();
                if (entry.Length > 0)
                {
                    Add(names, entry, $"{listName}:{i + 1}");
                }
            }
        }

        return names;
    }

    /// <summary>The package name of one entry.</summary>
    /// <exception cref="TargetException">when it is not <c>npm:NAME</c>.</exception>
    public static string PackageName(string entry, string where)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var trimmed = entry.Trim();
        if (!NpmPackageSpec.IsNpmSpec(trimmed))
        {
            throw new TargetException($"{where}: expected npm:NAME, got '{EntryNames.Printable(trimmed)}'");
        }

        // A bare name parses as the latest tag; anything after '@' names one version, which a watch does not follow.
        var spec = NpmPackageSpec.Parse(trimmed);
        if (spec.Version is not null || trimmed.LastIndexOf('@') > NpmPackageSpec.Prefix.Length)
        {
            throw new TargetException($"{where}: a watch follows every new version, so give npm:{spec.Name} without a version or tag");
        }

        return spec.Name;
    }

    private static void Add(List<string> names, string entry, string where)
    {
        var name = PackageName(entry, where);
        if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            names.Add(name);
        }
    }
}
