namespace Telltale.Findings;

/// <summary>Everything one scan found; report writers render it and never compute anything themselves.</summary>
public sealed record ScanReport
{
    public required ScanTarget Target { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    public IReadOnlyList<ObfuscationScheme> Schemes { get; init; } = [];

    /// <summary>The applications found inside single-file executables (Bun, Node SEA, pkg), file by file.</summary>
    public IReadOnlyList<EmbeddedPayloadListing> Payloads { get; init; } = [];
    public required ScanStatistics Statistics { get; init; }
    public required DateTimeOffset ScannedAt { get; init; }
    public required string ToolVersion { get; init; }

    /// <summary>The analyses that were cut short, in the order of the findings; empty for a complete scan.</summary>
    public IReadOnlyList<IncompleteAnalysis> Incomplete { get; init; } = [];

    /// <summary>False when any analysis was cut short: the findings are then a lower bound, not the whole story.</summary>
    public bool Complete => Incomplete.Count == 0;

    /// <summary>
    /// Whether a gate at <paramref name="threshold"/> must fail: a finding at or above it, or any analysis cut short,
    /// since a report that is a lower bound cannot vouch for a package.
    /// </summary>
    public bool FailsAt(Severity threshold) => !Complete || Findings.Any(f => f.Severity >= threshold);

    /// <summary>
    /// Every package of the report (the target, and with <c>--deps</c> each dependency) that has platform packages but
    /// none for the platform, target first: what every format says at its top. Read from <see cref="Incomplete"/>;
    /// a report made before those notes were recorded gets the target's from <see cref="ScanTarget.PlatformGap"/>.
    /// </summary>
    public IReadOnlyList<IncompleteAnalysis> PlatformGaps
    {
        get
        {
            var gaps = Incomplete.Where(i => i.Analysis == IncompleteAnalysis.PlatformAnalysis).ToList();
            if (Target.PlatformGap is { } own && !gaps.Any(g => g.Path == own.Path))
            {
                gaps.Insert(0, own);
            }

            return gaps;
        }
    }

    /// <summary>The findings in one dependency's files (or about the dependency itself), in report order.</summary>
    public IEnumerable<Finding> FindingsOf(DependencyPackage dependency)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        return Findings.Where(f => dependency.Contains(f.Location.Path));
    }

    /// <summary>The highest severity among the findings, or null when there are none.</summary>
    public Severity? HighestSeverity => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);
}
