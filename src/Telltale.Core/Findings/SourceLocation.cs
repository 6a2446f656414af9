namespace Telltale.Findings;

/// <summary>
/// Where a piece of evidence sits. <see cref="Path"/> names nested entries with <c>!/</c>,
/// e.g. <c>package/bin/tool.tgz!/package/cli.js</c>; <see cref="Offset"/> is a byte offset in that entry.
/// Line and column are 1-based; both are 0 for binary entries, where only the offset means anything.
/// </summary>
public sealed record SourceLocation(string Path, int Line, int Column, long Offset, int Length = 0)
{
    public override string ToString() => Line > 0 ? $"{Path}:{Line}:{Column}" : $"{Path}@0x{Offset:x}";
}
