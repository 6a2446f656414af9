using Telltale.Findings;

namespace Telltale.Tracking.History;

/// <summary>
/// The behaviours of a package across a range of versions: for each, the first version with it, the first
/// without it after that, and any later returns; with every version's publish date.
/// </summary>
/// <param name="Package">The npm package name.</param>
/// <param name="MinSeverity">Findings below it are not behaviours here.</param>
/// <param name="Versions">Every version of the range, lowest first, scanned or not.</param>
/// <param name="Behaviours">Ordered by first appearance, then most severe first, then key.</param>
public sealed record VersionTimeline(string Package, Severity MinSeverity, IReadOnlyList<TimelineVersion> Versions, IReadOnlyList<BehaviourTimeline> Behaviours)
{
    /// <summary>The npm range the versions were chosen by, as given; null when they were given directly.</summary>
    public string? Range { get; init; }

    /// <summary>
    /// Builds the timeline from per-version findings in version order. A version that failed says nothing about
    /// any behaviour, so it is skipped: a change across it is dated at the next scanned version.
    /// </summary>
    internal static VersionTimeline Build(string package, Severity minSeverity, IReadOnlyList<VersionFindings> results)
    {
        var scanned = results.Where(r => r.Error is null).ToList();
        var keys = scanned.SelectMany(r => r.ByKey.Keys).Distinct(StringComparer.Ordinal);
        var behaviours = new List<(int First, BehaviourTimeline Timeline)>();
        foreach (var key in keys)
        {
            var spans = new List<PresenceSpan>();
            Artifacts.NpmVersionInfo? from = null;
            Artifacts.NpmVersionInfo? last = null;
            var first = -1;
            Finding? representative = null;
            for (var i = 0; i < scanned.Count; i++)
            {
                if (scanned[i].ByKey.TryGetValue(key, out var finding))
                {
                    if (first < 0)
                    {
                        first = i;
                    }

                    from ??= scanned[i].Version;
                    last = scanned[i].Version;
                    if (representative is null || finding.Severity > representative.Severity)
                    {
                        representative = finding;
                    }
                }
                else if (from is not null)
                {
                    spans.Add(new PresenceSpan(from, last!, scanned[i].Version));
                    from = null;
                }
            }

            if (from is not null)
            {
                spans.Add(new PresenceSpan(from, last!, null));
            }

            var timeline = new BehaviourTimeline(key, representative!.RuleId, representative.Title, representative.Severity, spans) { PresentAtStart = first == 0 };
            behaviours.Add((first, timeline));
        }

        var ordered = behaviours
            .OrderBy(b => b.First)
            .ThenByDescending(b => b.Timeline.Severity)
            .ThenBy(b => b.Timeline.Key, StringComparer.Ordinal)
            .Select(b => b.Timeline)
            .ToList();
        var versions = results
            .Select(r => new TimelineVersion(r.Version, r.ByKey.Keys.ToHashSet(StringComparer.Ordinal), r.Error) { Scan = r.Scan })
            .ToList();
        return new VersionTimeline(package, minSeverity, versions, ordered);
    }
}
