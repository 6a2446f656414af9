namespace Telltale.Artifacts;

/// <summary>What a directory walk found at one relative path.</summary>
internal enum WalkItemKind
{
    File,
    Link,
    Unreadable,
}

internal sealed record WalkItem(string RelativePath, string FullPath, WalkItemKind Kind, long Length, string? Problem = null);

/// <summary>
/// Lists a directory tree without following links, so a symlink to <c>/</c> or to a secret elsewhere
/// is reported rather than read. The result is sorted by ordinal relative path, which is what the
/// hash and the entry order rely on.
/// </summary>
internal static class DirectoryWalker
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    /// <param name="maxItems">The walk stops once it has more than this many items, so a caller with a bound can tell by the count and refuse without listing a whole disk.</param>
    public static List<WalkItem> Walk(string root, int maxItems = int.MaxValue)
    {
        var items = new List<WalkItem>();
        var pending = new Stack<(DirectoryInfo Directory, string Relative)>();
        pending.Push((new DirectoryInfo(root), ""));
        while (pending.Count > 0 && items.Count <= maxItems)
        {
            var (directory, relative) = pending.Pop();
            List<FileSystemInfo> children;
            try
            {
                children = [.. directory.EnumerateFileSystemInfos("*", Options)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                items.Add(new WalkItem(relative.Length == 0 ? "." : relative, directory.FullName, WalkItemKind.Unreadable, 0,
                    EntryNames.OneLine(ex.Message)));
                continue;
            }

            foreach (var child in children)
            {
                var childRelative = relative.Length == 0 ? child.Name : relative + "/" + child.Name;
                if (child.LinkTarget is not null || child.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    items.Add(new WalkItem(childRelative, child.FullName, WalkItemKind.Link, 0, child.LinkTarget));
                }
                else if (child is DirectoryInfo subdirectory)
                {
                    pending.Push((subdirectory, childRelative));
                }
                else if (child is FileInfo file)
                {
                    items.Add(new WalkItem(childRelative, file.FullName, WalkItemKind.File, file.Length));
                }
            }
        }

        items.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return items;
    }
}
