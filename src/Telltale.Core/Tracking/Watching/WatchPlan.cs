using Telltale.Artifacts;

namespace Telltale.Tracking.Watching;

/// <summary>Which published versions a server watch scans, each compared with the one before it in the same list.</summary>
public static class WatchPlan
{
    /// <summary>
    /// The releases (no prerelease tag) a watch covers, lowest first: those in <paramref name="range"/> when it has one;
    /// otherwise, as <c>telltale watch</c> does, the latest release when the watch was first polled
    /// (<paramref name="baseline"/>) and every later one. The first of the list is scanned but has nothing to be
    /// compared with, so it never alerts.
    /// </summary>
    /// <param name="versions">Every published version, lowest first (<see cref="NpmRegistryClient.GetVersionsAsync"/>).</param>
    /// <param name="range">An npm range; null for "from the baseline on".</param>
    /// <param name="baseline">The latest release at the first poll; null before it (the latest now is taken).</param>
    /// <exception cref="TargetException">when <paramref name="range"/> is not an npm range.</exception>
    public static IReadOnlyList<NpmVersionInfo> Versions(IReadOnlyList<NpmVersionInfo> versions, string? range, string? baseline)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var releases = versions.Where(v => NpmRegistryClient.IsRelease(v.Version)).ToList();
        if (range is not null)
        {
            return NpmRegistryClient.InRange(releases, range);
        }

        var from = baseline ?? releases.LastOrDefault()?.Version;
        return from is null ? [] : releases.Where(v => NpmRegistryClient.CompareVersions(v.Version, from) >= 0).ToList();
    }

    /// <summary>Whether <paramref name="range"/> is an npm range a watch can take.</summary>
    public static bool IsRange(string range) => NpmDependency.ParseRange(range ?? throw new ArgumentNullException(nameof(range))) is not null;
}
