using Telltale.Artifacts;
using Telltale.Findings;

namespace Telltale.Tracking.History;

/// <summary>
/// What a run keeps of one version's report: its findings at or above the minimum severity, one per
/// <see cref="FindingIdentity.Key"/>. The report itself is dropped, so hundreds of versions of a large
/// bundle do not stay in memory.
/// </summary>
internal sealed record VersionFindings(NpmVersionInfo Version, IReadOnlyDictionary<string, Finding> ByKey, string? Error)
{
    /// <summary>The scan the findings came from; null when it failed.</summary>
    public VersionScan? Scan { get; init; }

    public static VersionFindings From(NpmVersionInfo version, ScanReport report, Severity minSeverity) =>
        new(version, ByBehaviour(report, minSeverity), null) { Scan = VersionScan.From(report) };

    public static VersionFindings Failed(NpmVersionInfo version, string error) =>
        new(version, new Dictionary<string, Finding>(StringComparer.Ordinal), error);

    /// <summary>The most severe finding of each key at or above <paramref name="minSeverity"/> (the first in report order when tied).</summary>
    public static Dictionary<string, Finding> ByBehaviour(ScanReport report, Severity minSeverity)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Findings
            .Where(f => f.Severity >= minSeverity)
            .GroupBy(FindingIdentity.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Severity).First(), StringComparer.Ordinal);
    }
}
