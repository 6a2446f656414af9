namespace Telltale.Artifacts;

/// <summary>Why an unpacker declined part of an archive; the scanner turns each into a finding.</summary>
public enum RefusalKind
{
    PathTraversal,
    Link,
    EntryTooLarge,
    TotalTooLarge,
    TooManyEntries,
    CompressionRatio,
    NestingTooDeep,

    /// <summary>A container inside the target is corrupt, truncated, or named like an archive without being one.</summary>
    Corrupt,

    /// <summary>
    /// The target file itself (what npm or the user would install) is corrupt, truncated, or named like an
    /// archive without being one: whatever reads it differently from us may see files we did not.
    /// </summary>
    TargetCorrupt,

    /// <summary>
    /// A single-file executable carries the marks of an embedded application (Bun trailer, Node SEA blob, pkg
    /// prelude) whose layout does not read: the application cannot be taken apart, so it may hide code.
    /// </summary>
    DamagedApplication,

    /// <summary>An embedded module ships as compiled code only: its strings are read, its logic cannot be.</summary>
    BytecodeOnly,
}

/// <summary>Something an unpacker refused to extract, with where and why.</summary>
public sealed record UnpackRefusal(string Path, RefusalKind Kind, string Message);
