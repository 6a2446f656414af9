namespace Telltale.Fuzz.Engine;

/// <summary>The numbers of one target's run.</summary>
public sealed record TargetReport
{
    public required string Target { get; init; }
    public required long Executions { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required int CorpusSize { get; init; }
    public required int SeedCount { get; init; }
    public required int Features { get; init; }

    /// <summary>Distinct edges of Telltale.Core covered; 0 when the loaded assembly is not instrumented.</summary>
    public required int Edges { get; init; }

    public required bool Instrumented { get; init; }
    public required long Crashes { get; init; }
    public required long Hangs { get; init; }
    public required long MemoryFlags { get; init; }
    public required IReadOnlyList<FuzzFinding> Findings { get; init; }

    public double ExecutionsPerSecond => Elapsed.TotalSeconds > 0 ? Executions / Elapsed.TotalSeconds : 0;
}
