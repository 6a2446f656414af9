namespace Telltale.Inventory;

/// <summary>What <see cref="MachineInventoryReader"/> reads, and how much of it at most.</summary>
public sealed record MachineInventoryOptions
{
    /// <summary>
    /// The directory read as the machine's <c>/</c>: <c>/</c> for this machine, or a mounted disk image or test
    /// tree. Links are followed inside it only (an absolute target starts again at it), so nothing outside it is read.
    /// </summary>
    public string Root { get; init; } = "/";

    /// <summary>
    /// Every home (<c>/root</c>, <c>/home/*</c>, <c>/Users/*</c>) rather than only <see cref="CurrentUserHome"/>.
    /// For a tree that is not this machine (<see cref="Root"/> other than <c>/</c>) every home is read either way:
    /// there is no current user in a disk image.
    /// </summary>
    public bool AllUsers { get; init; }

    /// <summary>The home read when <see cref="AllUsers"/> is false on this machine, as a path on it; null reads no home.</summary>
    public string? CurrentUserHome { get; init; }

    /// <summary>The name rows give for <see cref="CurrentUserHome"/>; the folder's name when null.</summary>
    public string? CurrentUserName { get; init; }

    /// <summary>More directories to look in for agent executables (e.g. this process's <c>PATH</c>), as paths in the tree.</summary>
    public IReadOnlyList<string> ExtraPath { get; init; } = [];

    /// <summary>The host name rows are from; null for a tree that is not this machine.</summary>
    public string? Host { get; init; }

    /// <summary>A <c>package.json</c> or <c>plugin.xml</c> larger than this is not parsed (a problem line, the row keeps a null version).</summary>
    public int MaxManifestBytes { get; init; } = 1024 * 1024;

    /// <summary>Entries read from one directory at most; the rest are a problem line.</summary>
    public int MaxEntriesPerDirectory { get; init; } = 20_000;

    /// <summary>Directory entries read in the whole run at most, so a hostile tree cannot make the walk unbounded.</summary>
    public long MaxEntries { get; init; } = 2_000_000;

    /// <summary>Executables larger than this are hashed but not opened for an embedded application.</summary>
    public long MaxExecutableBytes { get; init; } = 1L << 30;

    /// <summary>Jars looked into per JetBrains plugin at most.</summary>
    public int MaxJarsPerPlugin { get; init; } = 64;

    /// <summary>Problem lines kept at most; past it only a count.</summary>
    public int MaxProblems { get; init; } = 1000;
}
