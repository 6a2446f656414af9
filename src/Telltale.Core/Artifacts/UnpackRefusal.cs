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
    Corrupt,

    /// <summary>An embedded module ships as compiled code only: its strings are read, its logic cannot be.</summary>
    BytecodeOnly,
}

/// <summary>Something an unpacker refused to extract, with where and why.</summary>
public sealed record UnpackRefusal(string Path, RefusalKind Kind, string Message);
