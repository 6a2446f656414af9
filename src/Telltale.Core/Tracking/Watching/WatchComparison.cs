using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Tracking.History;

namespace Telltale.Tracking.Watching;

/// <summary>
/// What a watch alerts on when a version is compared with the one before it: behaviours at or above the threshold
/// that appear or disappear. One definition for <see cref="RegistryWatcher"/> and the server's watch jobs.
/// </summary>
public static class WatchComparison
{
    /// <summary>The findings of <paramref name="report"/> at or above <paramref name="minSeverity"/>, one per behaviour.</summary>
    public static IReadOnlyDictionary<string, Finding> Behaviours(ScanReport report, Severity minSeverity) =>
        VersionFindings.ByBehaviour(report, minSeverity);

    /// <summary>
    /// The alerts for <paramref name="version"/>: a behaviour it has that <paramref name="previous"/> lacks is
    /// introduced (a behaviour that rises to the threshold counts, since both maps hold only findings at or above it),
    /// one it lacks that <paramref name="previous"/> has is removed.
    /// </summary>
    public static IReadOnlyList<WatchEvent> Events(
        string package, NpmVersionInfo version, string? previousVersion,
        IReadOnlyDictionary<string, Finding> previous, IReadOnlyDictionary<string, Finding> current, DateTimeOffset detectedAt)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var (introduced, removed) = RegistryWatcher.CompareBehaviours(previous, current);
        return introduced.Select(f => Event(WatchEventKind.Introduced, f)).Concat(removed.Select(f => Event(WatchEventKind.Removed, f))).ToList();

        WatchEvent Event(WatchEventKind kind, Finding finding) => new(kind, package, version.Version, previousVersion, version.PublishedAt,
            FindingIdentity.Key(finding), finding.RuleId, finding.Title, finding.Severity, finding.Location.ToString(), detectedAt);
    }
}
