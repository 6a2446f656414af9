namespace Telltale.JavaScript;

/// <summary>
/// A script's syntax tree grew past <see cref="Scanning.ScanLimits.MaxSyntaxNodesPerScript"/> while it was parsed: its
/// behaviour is not analysed and the report says so, rather than the scan running out of memory.
/// </summary>
/// <remarks>Counted in nodes, so where it trips depends on the script alone, never on the machine.</remarks>
public sealed class SyntaxTreeBudgetExceededException(long maxNodes)
    : Exception($"its syntax tree passed the {maxNodes:N0}-node budget for one script (about {maxNodes * SyntaxNodeBudget.BytesPerNode / (1024 * 1024):N0} MB); its behaviour was not analysed, its literals were still decoded")
{
    public long MaxNodes { get; } = maxNodes;
}
