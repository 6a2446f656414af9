using Telltale.Policy;

namespace Telltale.Inventory.Lockfiles;

/// <summary>Collects one lockfile's packages: one per distinct (name, version), the first path kept; and the records skipped.</summary>
internal sealed class LockfileSink(string fileName)
{
    private readonly Dictionary<(string Name, string? Version), string> _first = [];
    private readonly List<string> _problems = [];

    public string FileName { get; } = fileName;

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Adds a package pinned under <paramref name="key"/>, or notes why the record is skipped.</summary>
    public void Add(string? name, string? version, string key, int? line = null)
    {
        if (!IsPlausibleName(name))
        {
            Skip(line, key, "no usable package name");
            return;
        }

        if (version is not null && (version.Length > LockfileReader.MaxNameLength || version.Any(char.IsControl)))
        {
            Skip(line, key, "unusable version");
            return;
        }

        _first.TryAdd((name!, string.IsNullOrEmpty(version) ? null : version), $"{FileName}#{key}");
    }

    /// <summary>
    /// Notes that the record <paramref name="key"/> is skipped and <paramref name="why"/>. The key comes from the
    /// file, so it is shown cut short and without control characters here, for every reader (a raw tab, NUL or
    /// escape sequence in a key reached the problem line before; found by the lockfile fuzz target).
    /// </summary>
    public void Skip(int? line, string key, string why)
    {
        string problem = $"skipped '{Shown(key)}': {why}";
        _problems.Add(line is { } at ? $"{FileName}:{at}: {problem}" : $"{FileName}: {problem}");
    }

    public IReadOnlyList<InventoryItem> Items() =>
        [.. _first
            .Select(p => new InventoryItem
            {
                Kind = InventoryItemKind.LockfilePackage,
                Ecosystem = PolicyEcosystems.Npm,
                Name = p.Key.Name,
                Version = p.Key.Version,
                Path = p.Value,
                Source = FileName,
            })
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ThenBy(i => i.Version, StringComparer.Ordinal)
            .ThenBy(i => i.Path, StringComparer.Ordinal)];

    /// <summary>
    /// Splits <c>name@version</c> (or <c>@scope/name@version</c>) at the first <c>@</c> after the name's start (the
    /// scope's own <c>@</c> and slash excluded), so a version such as <c>npm:real@1.0.0</c> stays whole; null when
    /// there is no such <c>@</c> or either side would be empty.
    /// </summary>
    public static (string Name, string Version)? SplitAt(string text)
    {
        int from = 1;
        if (text.StartsWith('@'))
        {
            int slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return null;
            }

            from = slash + 1;
        }

        int at = from < text.Length ? text.IndexOf('@', from) : -1;
        return at > 0 && at < text.Length - 1 ? (text[..at], text[(at + 1)..]) : null;
    }

    private static bool IsPlausibleName(string? name) =>
        !string.IsNullOrWhiteSpace(name)
        && name.Length <= MaxName
        && !name.Any(char.IsControl)
        && name != "." && name != "..";

    private const int MaxName = LockfileReader.MaxNameLength;

    // A problem line is printed; keys come from the file, so they are cut short and stripped of control characters.
    internal static string Shown(string key)
    {
        string clean = new([.. key.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return key.Length > 80 ? clean + "…" : clean;
    }
}
