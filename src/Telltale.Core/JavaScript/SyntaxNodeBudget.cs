namespace Telltale.JavaScript;

/// <summary>Counts the nodes a parse builds, over all its parts, and stops it at the budget.</summary>
internal sealed class SyntaxNodeBudget(long maxNodes)
{
    /// <summary>
    /// Memory one node costs with the index built over it, measured on claude-code 2.1.91's cli.js (3.1 million nodes,
    /// about 440 MB above the process's own): the multiple <see cref="Scanning.ScanLimits.MaxSyntaxNodesPerScript"/> is read with.
    /// </summary>
    public const long BytesPerNode = 140;

    private long _nodes;

    public static SyntaxNodeBudget Unlimited => new(long.MaxValue);

    /// <summary>Forgets every node charged so far, for a tree that is parsed again from the start.</summary>
    public void Restart() => Interlocked.Exchange(ref _nodes, 0);

    public void Charge()
    {
        if (Interlocked.Increment(ref _nodes) > maxNodes)
        {
            throw new SyntaxTreeBudgetExceededException(maxNodes);
        }
    }
}
