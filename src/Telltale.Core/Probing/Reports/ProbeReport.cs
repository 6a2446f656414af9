using Telltale.Probing.Matrix;
using Telltale.Probing.Running;

namespace Telltale.Probing.Reports;

/// <summary>Everything one probe did and found; the writers render it and compute nothing.</summary>
public sealed record ProbeReport
{
    public required string Command { get; init; }
    /// <summary>The variants that ran, follow-ups included (<see cref="FollowUpVariants"/>): replaying this matrix repeats the probe.</summary>
    public required ProbeMatrix Matrix { get; init; }

    /// <summary>
    /// Variants added after the first comparison to tell apart factors the matrix only set together
    /// (<see cref="Running.AttributionFollowUps"/>), at the end of <see cref="Matrix"/>.
    /// </summary>
    public IReadOnlyList<string> FollowUpVariants { get; init; } = [];

    /// <summary>More follow-ups were needed than a probe runs: some differences may keep more than one explanation.</summary>
    public bool FollowUpsCut { get; init; }

    /// <summary>Where the variants came from: the defaults (and why), a matrix file, or a scan of what the command runs.</summary>
    public ProbeMatrixSource MatrixSource => Matrix.Source;

    public required IReadOnlyList<ProbeRunOutcome> Runs { get; init; }
    public required ProbeComparisonResult Comparison { get; init; }

    /// <summary>How the runs were isolated, in one line.</summary>
    public required string Isolation { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required string ToolVersion { get; init; }

    /// <summary>Covert channels among the differences (<see cref="ChannelClassifier"/>): what the probe exists to prove.</summary>
    public IReadOnlyList<ProbeDifference> Channels => [.. Comparison.Differences.Where(ChannelClassifier.IsChannel)];

    /// <summary>Visible adaptation: requests, fields and values that change with the environment in plain sight.</summary>
    public IReadOnlyList<ProbeDifference> VisibleChanges => [.. Comparison.Differences.Where(d => !ChannelClassifier.IsChannel(d))];

    /// <summary>Differences still explained by more than one factor: the runs could not isolate which one the tool reads.</summary>
    public IReadOnlyList<ProbeDifference> NotIsolated => [.. Comparison.Differences.Where(d => d.Attribution.Alternatives.Count > 1)];

    /// <summary>True when some character-level channel depends on the environment.</summary>
    public bool HasEnvironmentDependentDifferences => Comparison.Differences.Any(ChannelClassifier.IsChannel);
}
