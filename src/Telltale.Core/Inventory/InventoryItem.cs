namespace Telltale.Inventory;

/// <summary>
/// One thing installed: a row of <c>telltale inventory</c>, osquery-like. Found by reading files only; nothing
/// found is ever run.
/// </summary>
public sealed record InventoryItem
{
    public required InventoryItemKind Kind { get; init; }

    /// <summary>One of <see cref="Policy.PolicyEcosystems.All"/>: <c>npm</c>, <c>VSCode</c>, <c>JetBrains</c>, <c>native</c>.</summary>
    public required string Ecosystem { get; init; }

    /// <summary>The package name, <c>publisher.name</c> extension id, plugin id, or for an executable its file name.</summary>
    public required string Name { get; init; }

    /// <summary>The installed version; null when nothing says it.</summary>
    public string? Version { get; init; }

    /// <summary>Where it is on disk (relative to the inventory's root when one was given), or the lockfile and its key.</summary>
    public required string Path { get; init; }

    /// <summary>What installed it or holds it: <c>npm</c>, <c>nvm node 20.11.0</c>, <c>volta</c>, <c>pnpm</c>, <c>bun</c>, <c>VS Code</c>, <c>Cursor</c>, <c>IntelliJ IDEA 2025.2</c>, <c>PATH</c>, <c>package-lock.json</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The user whose home it is in; null for a system-wide install or a lockfile.</summary>
    public string? User { get; init; }

    /// <summary>For a native executable: SHA-256 of the file, lower-case hex.</summary>
    public string? Sha256 { get; init; }

    /// <summary>
    /// For a Bun, Node SEA or pkg executable: the npm package it embeds, read from the embedded
    /// <c>package.json</c>; null when it embeds none or is not such an executable.
    /// </summary>
    public string? EmbeddedPackage { get; init; }

    /// <summary>The version of <see cref="EmbeddedPackage"/>.</summary>
    public string? EmbeddedVersion { get; init; }

    /// <summary>The embedding format (<c>bun</c>, <c>node-sea</c>, <c>pkg</c>) of a native executable.</summary>
    public string? Format { get; init; }
}
