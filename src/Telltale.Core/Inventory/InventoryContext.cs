namespace Telltale.Inventory;

/// <summary>
/// One run's state, shared by the readers of each kind: the rooted file system, the problem lines, the
/// options and the rows found so far (each with its position, the last key of the stable order).
/// </summary>
internal sealed class InventoryContext
{
    private readonly List<(InventoryItem Item, int Ordinal)> _items = [];
    private readonly HashSet<string> _seenPaths = new(StringComparer.Ordinal);

    public InventoryContext(MachineInventoryOptions options)
    {
        Options = options;
        Problems = new InventoryProblems(options.MaxProblems);
        FileSystem = new RootedFileSystem(options.Root, Problems, options.MaxEntriesPerDirectory, options.MaxEntries);
    }

    public MachineInventoryOptions Options { get; }

    public InventoryProblems Problems { get; }

    public RootedFileSystem FileSystem { get; }

    public IReadOnlyList<(InventoryItem Item, int Ordinal)> Items => _items;

    public void Add(InventoryItem item) => _items.Add((item, _items.Count));

    /// <summary>
    /// True the first time a place is claimed for <paramref name="kind"/>: a prefix named twice (a default and
    /// an npmrc), or an executable reached through two PATH folders, gives its rows once.
    /// </summary>
    public bool Claim(InventoryItemKind kind, string canonicalImagePath) => _seenPaths.Add($"{kind}\n{canonicalImagePath}");

    /// <summary>
    /// The places <paramref name="pattern"/> names: an image path whose components may be <c>*</c> (any
    /// directory there, in name order; entries that are links are skipped where <paramref name="skipLinkedWildcards"/>,
    /// so a version manager's alias links do not list a version twice under another name).
    /// </summary>
    /// <returns>Each place, with the names the wildcards stood for, in order.</returns>
    public List<(RootedPath Place, string[] Wildcards)> Expand(string pattern, bool skipLinkedWildcards = true)
    {
        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var results = new List<(RootedPath, string[])>();
        var firstWildcard = Array.IndexOf(parts, "*");
        var fixedPrefix = "/" + string.Join('/', firstWildcard < 0 ? parts : parts[..firstWildcard]);
        if (FileSystem.Resolve(fixedPrefix) is not { } start)
        {
            return results;
        }

        if (firstWildcard < 0)
        {
            results.Add((start, []));
            return results;
        }

        Walk(start, parts, firstWildcard, [], results, skipLinkedWildcards);
        return results;
    }

    private void Walk(RootedPath at, string[] parts, int index, string[] wildcards, List<(RootedPath, string[])> results, bool skipLinked)
    {
        if (index == parts.Length)
        {
            results.Add((at, wildcards));
            return;
        }

        if (!at.IsDirectory)
        {
            return;
        }

        if (parts[index] != "*")
        {
            if (FileSystem.Child(at, parts[index]) is { } next)
            {
                Walk(next, parts, index + 1, wildcards, results, skipLinked);
            }

            return;
        }

        foreach (var (name, listed, target) in FileSystem.List(at))
        {
            if (name.StartsWith('.') || !target.IsDirectory || (skipLinked && listed != target.ImagePath))
            {
                continue;
            }

            Walk(target, parts, index + 1, [.. wildcards, name], results, skipLinked);
        }
    }
}
