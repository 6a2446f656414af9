namespace Telltale.Findings;

/// <summary>Counts that tell how much was looked at, so an empty report can be told from a skipped one.</summary>
public sealed record ScanStatistics
{
    public int Entries { get; init; }
    public long Bytes { get; init; }
    public int Literals { get; init; }
    public int DecodedLiterals { get; init; }
    public TimeSpan Elapsed { get; init; }

    /// <summary>Decoder runs in the JavaScript sandbox, over all files.</summary>
    public int SandboxEvaluations { get; init; }

    /// <summary>Statements those runs cost, as charged to the budgets (<see cref="Scanning.ScanLimits.MaxSandboxStatementsPerScan"/>).</summary>
    public long SandboxStatements { get; init; }
}
