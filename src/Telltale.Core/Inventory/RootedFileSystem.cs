namespace Telltale.Inventory;

/// <summary>
/// Reads a tree as if it were the whole machine, the way <c>chroot</c> would: an absolute link target
/// starts again at the root, and <c>..</c> at the root stays at the root. Every component of a path is
/// looked at before the next is taken, so the host path handed out has no link left in it and is always
/// under the root — a disk image cannot make the inventory read this machine's own files. Links are
/// followed at most <see cref="MaxLinkHops"/> times per path, as the kernel does, so a loop ends as a
/// problem line instead of a hang.
/// </summary>
internal sealed class RootedFileSystem
{
    /// <summary>The kernel's own limit (Linux <c>MAXSYMLINKS</c>).</summary>
    public const int MaxLinkHops = 40;

    private static readonly EnumerationOptions ListOptions = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    private readonly string _hostRoot;
    private readonly InventoryProblems _problems;
    private readonly int _maxEntriesPerDirectory;
    private long _entriesLeft;

    /// <param name="hostRoot">The directory read as <c>/</c>; <c>/</c> itself for this machine.</param>
    public RootedFileSystem(string hostRoot, InventoryProblems problems, int maxEntriesPerDirectory, long maxEntries)
    {
        var full = Path.GetFullPath(hostRoot);
        _hostRoot = full.Length > 1 ? full.TrimEnd('/') : "";
        _problems = problems;
        _maxEntriesPerDirectory = maxEntriesPerDirectory;
        _entriesLeft = maxEntries;
    }

    /// <summary>True when every entry of the budget is spent: the rest of the run only notes what it skipped.</summary>
    public bool Exhausted => _entriesLeft <= 0;

    /// <summary>
    /// The place <paramref name="imagePath"/> names, every link followed inside the root; null when it does
    /// not exist (silently: most places looked at do not exist on a given machine) or a link along it is
    /// broken or loops (a problem line).
    /// </summary>
    public RootedPath? Resolve(string imagePath)
    {
        var pending = new Stack<string>(Split(imagePath).Reverse());
        var current = new List<string>();
        FileSystemInfo? last = null;
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                // At the root, ".." is the root: what chroot does, and what keeps a link from climbing out.
                if (current.Count > 0)
                {
                    current.RemoveAt(current.Count - 1);
                }

                last = null;
                continue;
            }

            var image = Join(current, part);
            var info = Stat(image);
            if (info is null)
            {
                return null;
            }

            if (IsLink(info))
            {
                if (++hops > MaxLinkHops)
                {
                    _problems.Add(imagePath, $"more than {MaxLinkHops} symbolic links to follow (a loop?); not read");
                    return null;
                }

                string? target;
                try
                {
                    target = info.LinkTarget;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _problems.Add(image, $"cannot read the symbolic link: {e.Message}");
                    return null;
                }

                if (string.IsNullOrEmpty(target))
                {
                    return null;
                }

                if (target.StartsWith('/'))
                {
                    current.Clear();
                    last = null;
                }

                foreach (var targetPart in Split(target).Reverse())
                {
                    pending.Push(targetPart);
                }

                continue;
            }

            current.Add(part);
            last = info;
            if (pending.Count > 0 && !IsDirectory(info))
            {
                return null;
            }
        }

        var canonical = Join(current, null);
        var final = last ?? Stat(canonical);
        return final is null ? null : Rooted(canonical, final);
    }

    /// <summary>
    /// <paramref name="name"/> inside an already resolved directory: one look when it is not a link (the
    /// directory's own path needs no second walk), <see cref="Resolve"/> from there when it is.
    /// </summary>
    public RootedPath? Child(RootedPath directory, string name)
    {
        if (!directory.IsDirectory)
        {
            return null;
        }

        var image = directory.ImagePath == "/" ? "/" + name : directory.ImagePath + "/" + name;
        if (name is "" or "." or ".." || name.Contains('/', StringComparison.Ordinal))
        {
            // Not one plain name: the whole walk decides where it leads.
            return Resolve(image);
        }

        var info = Stat(image);
        if (info is null)
        {
            return null;
        }

        return IsLink(info) ? Resolve(image) : Rooted(image, info);
    }

    /// <summary>
    /// The entries of a directory, each resolved: a plain entry costs nothing more, a link is followed inside
    /// the root (and left out, with a problem line, when it loops). At most the per-directory cap, and never
    /// past the run's entry budget.
    /// </summary>
    /// <returns>Each entry's name as listed, the path it is listed at, and where it leads.</returns>
    public List<(string Name, string ListedPath, RootedPath Target)> List(RootedPath directory)
    {
        var result = new List<(string, string, RootedPath)>();
        if (!directory.IsDirectory)
        {
            return result;
        }

        if (Exhausted)
        {
            _problems.Add(directory.ImagePath, "not listed: the run's budget of directory entries is spent");
            return result;
        }

        var entries = new List<FileSystemInfo>();
        try
        {
            foreach (var entry in new DirectoryInfo(HostOf(directory.ImagePath)).EnumerateFileSystemInfos("*", ListOptions))
            {
                if (entries.Count >= _maxEntriesPerDirectory || _entriesLeft <= 0)
                {
                    _problems.Add(directory.ImagePath, $"more than {entries.Count} entries; the rest were not read");
                    break;
                }

                _entriesLeft--;
                entries.Add(entry);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            _problems.Add(directory.ImagePath, $"cannot list the directory: {e.Message}");
        }

        // Names in ordinal order, so what a cap cuts and the order rows are found in do not depend on the file system.
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var listed = directory.ImagePath == "/" ? "/" + entry.Name : directory.ImagePath + "/" + entry.Name;
            RootedPath? target = IsLink(entry) ? Resolve(listed) : Rooted(listed, entry);
            if (target is { } found)
            {
                result.Add((entry.Name, listed, found));
            }
        }

        return result;
    }

    /// <summary>The host path of a canonical image path (one that <see cref="Resolve"/> or <see cref="List"/> gave).</summary>
    public string HostOf(string imagePath) => imagePath == "/" ? (_hostRoot.Length == 0 ? "/" : _hostRoot) : _hostRoot + imagePath;

    /// <summary>An image path <paramref name="relative"/> to <paramref name="directory"/>, as text (not yet resolved).</summary>
    public static string Combine(string directory, string relative) =>
        relative.StartsWith('/') ? relative : directory.TrimEnd('/') + "/" + relative;

    private RootedPath Rooted(string image, FileSystemInfo info)
    {
        var directory = IsDirectory(info);
        long length = 0;
        if (!directory && info is FileInfo file)
        {
            try
            {
                length = file.Length;
            }
            catch (IOException)
            {
                length = 0;
            }
        }

        return new RootedPath(image, HostOf(image), directory, length);
    }

    /// <summary>What is at <paramref name="image"/> without following a link there; null when nothing is.</summary>
    private FileSystemInfo? Stat(string image)
    {
        try
        {
            var info = new FileInfo(HostOf(image));
            if ((int)info.Attributes == -1)
            {
                return null;
            }

            return IsDirectory(info) && !IsLink(info) ? new DirectoryInfo(info.FullName) : info;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            _problems.Add(image, $"cannot look at it: {e.Message}");
            return null;
        }
    }

    private static bool IsLink(FileSystemInfo info) => (info.Attributes & FileAttributes.ReparsePoint) != 0;

    private static bool IsDirectory(FileSystemInfo info) => (info.Attributes & FileAttributes.Directory) != 0;

    private static string[] Split(string path) => path.Split('/');

    private static string Join(List<string> parts, string? last)
    {
        var all = last is null ? parts : [.. parts, last];
        return all.Count == 0 ? "/" : "/" + string.Join('/', all);
    }
}
