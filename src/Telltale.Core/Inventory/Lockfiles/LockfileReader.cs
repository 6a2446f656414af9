using System.Text;

namespace Telltale.Inventory.Lockfiles;

/// <summary>
/// Reads the packages an npm project's lockfile pins: <c>package-lock.json</c> / <c>npm-shrinkwrap.json</c>
/// (lockfileVersion 1, 2, 3), <c>pnpm-lock.yaml</c> (lockfileVersion 5.x, 6.0, 9.0) and <c>yarn.lock</c> (classic v1
/// and berry). The format is chosen by file name, and by content for any other name.
/// <para>
/// Each item is a <see cref="InventoryItemKind.LockfilePackage"/> of ecosystem npm, named as installed (an alias
/// <c>npm:real@1.2.3</c> is the real package), its <see cref="InventoryItem.Source"/> the lockfile's name and its
/// <see cref="InventoryItem.Path"/> the lockfile and the key of the record, <c>package-lock.json#node_modules/a/node_modules/b</c>.
/// There is one item per distinct (name, version), carrying the first path the file lists it under; a package
/// installed in several places is one row, since what a policy asks is whether that version is pinned at all.
/// Links, workspace packages and the project itself are not packages the registry served and are left out.
/// </para>
/// <para>
/// A file that cannot be read as its format fails with an <see cref="InvalidDataException"/> whose message is one
/// line, <c>file:line: what</c> where the parser knows the line; a record that cannot be understood is skipped
/// and named in <see cref="MachineInventory.Problems"/>. Files over <see cref="MaxFileBytes"/> and documents nested
/// deeper than <see cref="MaxDepth"/> are refused.
/// </para>
/// </summary>
public static class LockfileReader
{
    /// <summary>
    /// 48 MiB: the largest lockfiles of big monorepos are a few tens of MB; more than this is not a lockfile a
    /// person committed, and reading it would hold several times its size in memory.
    /// </summary>
    public const long MaxFileBytes = 48L * 1024 * 1024;

    /// <summary>How deeply JSON or YAML may nest; npm's v1 nesting of real projects stays far below.</summary>
    public const int MaxDepth = 256;

    /// <summary>npm's own limit on a package name's length; longer names are skipped as records no registry serves.</summary>
    internal const int MaxNameLength = 214;

    /// <exception cref="InvalidDataException">The file is too large, or not valid for its format.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MachineInventory Read(string path)
    {
        var file = new FileInfo(path);
        if (file.Length > MaxFileBytes)
        {
            throw new InvalidDataException($"{file.Name}: {file.Length} bytes, more than the {MaxFileBytes} bytes a lockfile may have.");
        }

        string text;
        using (var reader = new StreamReader(file.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            text = reader.ReadToEnd();
        }

        return Parse(file.Name, text) with { Root = file.DirectoryName ?? "" };
    }

    /// <summary>Reads <paramref name="content"/> as the lockfile named <paramref name="fileName"/>; <see cref="MachineInventory.Root"/> is empty.</summary>
    /// <exception cref="InvalidDataException">The content is not valid for its format.</exception>
    public static MachineInventory Parse(string fileName, string content)
    {
        if (content.Length > MaxFileBytes)
        {
            throw new InvalidDataException($"{fileName}: more than the {MaxFileBytes} bytes a lockfile may have.");
        }

        var sink = new LockfileSink(fileName);
        switch (Detect(fileName, content))
        {
            case LockfileFormat.PackageLock:
                PackageLockReader.Read(content, sink);
                break;
            case LockfileFormat.Pnpm:
                PnpmLockReader.Read(content, sink);
                break;
            case LockfileFormat.YarnClassic:
                YarnClassicReader.Read(content, sink);
                break;
            case LockfileFormat.YarnBerry:
                YarnBerryReader.Read(content, sink);
                break;
            default:
                throw new InvalidDataException($"{fileName}: not a package-lock.json, pnpm-lock.yaml or yarn.lock.");
        }

        return new MachineInventory("", sink.Items(), sink.Problems);
    }

    /// <summary>Whether the file name is one a lockfile has (<c>package-lock.json</c>, <c>npm-shrinkwrap.json</c>, <c>pnpm-lock.yaml</c>, <c>yarn.lock</c>).</summary>
    public static bool IsLockfile(string path) =>
        Path.GetFileName(path).ToLowerInvariant() is "package-lock.json" or "npm-shrinkwrap.json" or "pnpm-lock.yaml" or "pnpm-lock.yml" or "yarn.lock";

    internal static LockfileFormat Detect(string fileName, string content)
    {
        string name = Path.GetFileName(fileName).ToLowerInvariant();
        bool berry = content.Contains("\n__metadata:", StringComparison.Ordinal) || content.StartsWith("__metadata:", StringComparison.Ordinal);
        switch (name)
        {
            case "package-lock.json" or "npm-shrinkwrap.json":
                return LockfileFormat.PackageLock;
            case "pnpm-lock.yaml" or "pnpm-lock.yml":
                return LockfileFormat.Pnpm;
            case "yarn.lock":
                return berry ? LockfileFormat.YarnBerry : LockfileFormat.YarnClassic;
        }

        ReadOnlySpan<char> start = content.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (start.StartsWith("{"))
        {
            return LockfileFormat.PackageLock;
        }

        if (berry)
        {
            return LockfileFormat.YarnBerry;
        }

        if (content.Contains("# yarn lockfile v1", StringComparison.Ordinal))
        {
            return LockfileFormat.YarnClassic;
        }

        return start.StartsWith("lockfileVersion:") ? LockfileFormat.Pnpm : LockfileFormat.Unknown;
    }
}
