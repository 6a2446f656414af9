using Telltale.Findings;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// What changed between two reports of (usually) two versions of one tool: every finding and every
/// capability with how it changed, unchanged ones included, so writers can count as well as list.
/// </summary>
public sealed record ReportDiff
{
    /// <summary>Non-behaviour findings of one rule and title with the same change are listed in one line from this many on.</summary>
    public const int CollapseAt = 3;

    public required ScanReport Old { get; init; }

    public required ScanReport New { get; init; }

    /// <summary>Every finding of both reports, each once, ranked: highest severity first, then added, changed, removed, unchanged.</summary>
    public required IReadOnlyList<FindingChange> Findings { get; init; }

    /// <summary>Every capability of both reports, each once, by category, then added, changed, removed, unchanged.</summary>
    public required IReadOnlyList<CapabilityChange> Capabilities { get; init; }

    /// <summary>Findings that are new, changed or gone.</summary>
    public IEnumerable<FindingChange> Changes => Findings.Where(f => f.Kind != ChangeKind.Unchanged);

    public int Count(ChangeKind kind) => Findings.Count(f => f.Kind == kind);

    public int Count(ChangeKind kind, Severity severity) => Findings.Count(f => f.Kind == kind && f.Severity == severity);

    /// <summary>True when a finding at or above <paramref name="threshold"/> is new or changed for the worse (<see cref="FindingChange.IsNewOrWorse"/>).</summary>
    public bool HasNewOrWorseAtOrAbove(Severity threshold) => Findings.Any(f => f.IsNewOrWorse && f.Severity >= threshold);

    /// <summary>
    /// The changes as a reader should see them, ranked like <see cref="Findings"/>: copies of one finding
    /// (the same key, e.g. a bundle shipped twice) as one group, and many same-rule changes that are not
    /// behaviours collapsed into one group, so a release that moved twenty proxy-variable reads takes one
    /// line. Info findings only with <paramref name="includeInfo"/>; writers count them otherwise.
    /// </summary>
    public IReadOnlyList<FindingChangeGroup> Listing(bool includeInfo)
    {
        var listed = Changes.Where(f => includeInfo || f.Severity > Severity.Info).ToList();
        var copies = listed
            .GroupBy(f => (f.Kind, f.Severity, f.Key))
            .Select(g => g.ToList())
            .ToList();
        var byRule = copies
            .Where(g => g[0].Current.Behaviour is null)
            .GroupBy(g => (g[0].Kind, g[0].Severity, g[0].Current.RuleId, g[0].Current.Title))
            .Where(g => g.Count() >= CollapseAt)
            .ToDictionary(g => g.Key, g => g.SelectMany(c => c).ToList());

        var groups = new List<FindingChangeGroup>();
        var emitted = new HashSet<(ChangeKind, Severity, string, string)>();
        foreach (var group in copies)
        {
            var first = group[0];
            var rule = (first.Kind, first.Severity, first.Current.RuleId, first.Current.Title);
            if (first.Current.Behaviour is null && byRule.TryGetValue(rule, out var collapsed))
            {
                if (emitted.Add(rule))
                {
                    groups.Add(new FindingChangeGroup { Changes = collapsed, Collapsed = true });
                }

                continue;
            }

            groups.Add(new FindingChangeGroup { Changes = group, Collapsed = false });
        }

        return groups;
    }
}
