namespace Telltale.Inventory;

/// <summary>
/// <c>telltale inventory</c>: what AI developer tools and npm-installed programs a machine (or a tree read as
/// one) has — global npm packages under every prefix people really use, agent executables, editor extensions
/// and JetBrains plugins. Only files are read; nothing found is run, and nothing outside the root is read.
/// Whatever cannot be read is a problem line, never a failed run, and the work is bounded by the entry
/// budget of <see cref="MachineInventoryOptions"/>.
/// </summary>
public static class MachineInventoryReader
{
    /// <summary>Where homes are: Linux's, root's, and macOS's (a mounted Mac disk reads the same way).</summary>
    private static readonly string[] HomeParents = ["/home", "/Users"];

    public static MachineInventory Read(MachineInventoryOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var context = new InventoryContext(options);
        var homes = Homes(context);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var location in NpmGlobalPrefixes.Find(context, homes))
        {
            cancellationToken.ThrowIfCancellationRequested();
            NpmGlobalPackageLister.List(context, location);
        }

        cancellationToken.ThrowIfCancellationRequested();
        NativeExecutableLister.List(context, homes);
        cancellationToken.ThrowIfCancellationRequested();
        EditorExtensionLister.List(context, homes);
        cancellationToken.ThrowIfCancellationRequested();
        JetBrainsPluginLister.List(context, homes);

        var items = context.Items
            .OrderBy(i => i, InventoryItemOrder.Instance)
            .Select(i => i.Item)
            .ToList();
        return new MachineInventory(options.Root, items, context.Problems.ToList()) { Host = options.Host };
    }

    /// <summary>Whether <paramref name="options"/> reads this machine itself rather than a tree standing for one.</summary>
    public static bool IsThisMachine(MachineInventoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.GetFullPath(options.Root) == "/";
    }

    private static List<UserHome> Homes(InventoryContext context)
    {
        var homes = new List<UserHome>();
        var options = context.Options;
        if (!options.AllUsers && IsThisMachine(options))
        {
            if (options.CurrentUserHome is { } current && context.FileSystem.Resolve(Path.GetFullPath(current)) is { IsDirectory: true } home)
            {
                homes.Add(new UserHome(options.CurrentUserName ?? Path.GetFileName(home.ImagePath.TrimEnd('/')), home));
            }

            return homes;
        }

        if (context.FileSystem.Resolve("/root") is { IsDirectory: true } root)
        {
            homes.Add(new UserHome("root", root));
        }

        foreach (var parent in HomeParents)
        {
            if (context.FileSystem.Resolve(parent) is not { IsDirectory: true } folder)
            {
                continue;
            }

            foreach (var (name, _, target) in context.FileSystem.List(folder))
            {
                // macOS keeps "Shared" and ".localized" beside the users; neither is anyone's home.
                if (target.IsDirectory && !name.StartsWith('.') && name != "Shared")
                {
                    homes.Add(new UserHome(name, target));
                }
            }
        }

        // A home linked from two names (/home/alice -> /Users/alice) is read once, under the first name.
        return homes.DistinctBy(h => h.Directory.ImagePath, StringComparer.Ordinal).ToList();
    }
}
