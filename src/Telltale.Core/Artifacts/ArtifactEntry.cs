namespace Telltale.Artifacts;

/// <summary>
/// One file from a target, read into memory (bounded by <see cref="Scanning.ScanLimits.MaxEntryBytes"/>).
/// Entries nest: <see cref="Path"/> joins the containers' paths with <c>!/</c> so a location reads
/// <c>tool.tgz!/package/cli.js</c>; <see cref="Name"/> is the path inside the innermost container.
/// </summary>
public sealed class ArtifactEntry
{
    public required string Path { get; init; }
    public required string Name { get; init; }
    public required ReadOnlyMemory<byte> Content { get; init; }
    public required EntryKind Kind { get; init; }

    /// <summary>Nesting depth: 0 for the target's own files, 1 inside an archive found in the target, …</summary>
    public int Depth { get; init; }

    public ArtifactEntry? Parent { get; init; }

    public override string ToString() => Path;
}
