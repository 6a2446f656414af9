using Telltale.Findings;

namespace Telltale.JavaScript;

/// <summary>What the JavaScript analysis of one file produced, with the figures that explain its cost.</summary>
public sealed record BehaviourAnalysis(
    IReadOnlyList<Finding> Findings,
    string? ParseError,
    int Nodes,
    int Functions,
    int ChannelCandidates,
    int DecoderEvaluations,
    TimeSpan ParseTime,
    TimeSpan AnalysisTime)
{
    /// <summary>Why the analysis stopped short (a budget), for the report's incomplete analyses; null when it did not.</summary>
    public string? Incomplete { get; init; }

    /// <summary>The file analysed (the first of them, for files linked into one program).</summary>
    public string? Path { get; init; }

    /// <summary>Of <see cref="AnalysisTime"/>: finding and confirming channels (includes decoder folding).</summary>
    public TimeSpan ChannelTime { get; init; }

    /// <summary>Of <see cref="AnalysisTime"/>: following channels forward to their sinks.</summary>
    public TimeSpan TraceTime { get; init; }
}
