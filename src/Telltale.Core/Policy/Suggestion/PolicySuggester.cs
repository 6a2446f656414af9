using System.Text.RegularExpressions;
using Telltale.Findings;
using Telltale.Tracking;
using Telltale.Tracking.Diffing;
using Telltale.Tracking.History;
using Telltale.Tracking.Store;

namespace Telltale.Policy.Suggestion;

/// <summary>
/// Proposes a policy entry from evidence: its ranges are exactly the versions found to carry the behaviour, its
/// native builds the sha256 of every executable scanned in an affected version, and its evidence the stored
/// timeline and scans it rests on. A boundary the evidence does not show is left open: a behaviour present at the
/// end of the range gets no fix, one present at its start is introduced at the range's first version (and the
/// reason says it may be older).
/// </summary>
public static partial class PolicySuggester
{
    /// <exception cref="PolicyException">when the timeline shows no version with the behaviour.</exception>
    public static PolicyEntry FromTimeline(VersionTimeline timeline, StoredTimeline? stored, SuggestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(options);
        var selected = timeline.Behaviours
            .Where(b => b.Severity >= options.MinSeverity && Selects(options.Behaviour, b.Key, b.RuleId))
            .ToList();
        if (selected.Count == 0)
        {
            throw new PolicyException($"the history of {timeline.Package} shows no behaviour{Which(options)} in any version of {timeline.Range ?? "its range"}: nothing to suggest");
        }

        var keys = selected.Select(b => b.Key).ToHashSet(StringComparer.Ordinal);
        var scanned = timeline.Versions
            .Where(v => v.Scanned)
            .Select(v => new Observation(v.Info.Version, v.Scan, v.Behaviours.Overlaps(keys)))
            .ToList();
        var evidence = new List<PolicyEvidence>();
        if (stored is not null)
        {
            evidence.Add(new PolicyEvidence(StoredTimeline.HistoryKind, stored.Key) { Note = $"history of {timeline.Package} {timeline.Range}".TrimEnd() });
        }

        var unscanned = timeline.Versions.Count - scanned.Count;
        return FromObservations(timeline.Package, scanned, evidence, selected.Max(b => b.Severity), selected.OrderByDescending(b => b.Severity).Select(b => $"{b.RuleId} {b.Title}"), unscanned, options);
    }

    /// <summary>From a stored history or bisection (<c>history:ID</c>), naming it as the entry's evidence: <c>policy suggest --from</c> and the dashboard's policy editor.</summary>
    /// <exception cref="PolicyException">when it shows no version with the behaviour.</exception>
    /// <exception cref="InvalidDataException">when the stored document does not read.</exception>
    public static PolicyEntry FromStored(StoredTimeline stored, SuggestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var (timeline, bisection) = stored.Read();
        return timeline is not null ? FromTimeline(timeline, stored, options) : FromBisection(bisection!, stored, options);
    }

    /// <summary>
    /// From a diff of two versions, read as a timeline of two: a behaviour only the new one has is introduced
    /// there (and nothing shows a fix); one only the old one has is fixed in the new one.
    /// </summary>
    /// <exception cref="PolicyException">when neither version has the behaviour, or the reports name no version.</exception>
    public static PolicyEntry FromDiff(ReportDiff diff, SuggestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(options);
        var selected = diff.Findings
            .Where(c => c.Severity >= options.MinSeverity && Selects(options.Behaviour, c.Key, c.Current.RuleId))
            .ToList();
        if (selected.Count == 0)
        {
            throw new PolicyException($"neither {diff.Old.Target.Name}@{diff.Old.Target.Version} nor {diff.New.Target.Version} has a behaviour{Which(options)} at or above {options.MinSeverity.ToName()}: nothing to suggest");
        }

        if (diff.Old.Target.Version is not { } oldVersion || diff.New.Target.Version is not { } newVersion || diff.Old.Target.Name != diff.New.Target.Name)
        {
            throw new PolicyException("a diff suggests an entry only between two versions of one npm package");
        }

        if (VersionOrder.Compare(oldVersion, newVersion) >= 0)
        {
            throw new PolicyException($"the diff's old version {oldVersion} is not below its new version {newVersion}");
        }

        var observations = new List<Observation>
        {
            new(oldVersion, VersionScan.From(diff.Old), selected.Any(c => c.Old is not null)),
            new(newVersion, VersionScan.From(diff.New), selected.Any(c => c.New is not null)),
        };
        return FromObservations(diff.New.Target.Name, observations, [], selected.Max(c => c.Severity),
            selected.OrderByDescending(c => c.Severity).Select(c => $"{c.Current.RuleId} {c.Current.Title}"), 0, options);
    }

    /// <summary>
    /// One entry from several suggestions for the same package and versions — typically bisections of one range
    /// for several platforms (<c>history --platform darwin-arm64</c>), since Santa needs the macOS builds' hashes
    /// and a Linux fleet the Linux ones: the native builds and evidence of all, the rest of the first.
    /// </summary>
    /// <exception cref="PolicyException">when the suggestions disagree on the package or its affected versions.</exception>
    public static PolicyEntry Merge(IReadOnlyList<(string Source, PolicyEntry Entry)> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        if (suggestions.Count == 0)
        {
            throw new ArgumentException("nothing to merge", nameof(suggestions));
        }

        var (firstSource, first) = suggestions[0];
        var firstAffected = first.Affected[0];
        foreach (var (source, entry) in suggestions.Skip(1))
        {
            var affected = entry.Affected[0];
            if (affected.Name != firstAffected.Name || Versions(affected) != Versions(firstAffected))
            {
                throw new PolicyException($"{firstSource} and {source} disagree on what is affected ({firstAffected.Name} {Versions(firstAffected)}; {affected.Name} {Versions(affected)}): suggest from each alone and compare");
            }
        }

        var merged = firstAffected with
        {
            NativeBuilds = suggestions.SelectMany(s => s.Entry.Affected[0].NativeBuilds).DistinctBy(b => b.Sha256, StringComparer.Ordinal).ToList(),
        };
        return first with
        {
            Affected = [merged],
            Evidence = suggestions.SelectMany(s => s.Entry.Evidence).DistinctBy(e => (e.Kind, e.Id)).ToList(),
        };
    }

    /// <summary>The affected versions in words, to compare two suggestions and to say how they differ.</summary>
    private static string Versions(AffectedPackage affected) =>
        string.Join(", ", affected.Ranges.SelectMany(r => r.Events).Select(e => $"{PolicyYamlWriter.EventKey(e.Kind)} {e.Version}").Concat(affected.Versions));

    /// <summary>What one scanned version showed: whether it has the behaviour, and the scan that says so.</summary>
    private sealed record Observation(string Version, VersionScan? Scan, bool Present);

    /// <summary>The shared core: ranges from runs of versions with the behaviour, in version order.</summary>
    private static PolicyEntry FromObservations(string package, List<Observation> ordered, List<PolicyEvidence> evidence, Severity severity, IEnumerable<string> behaviours, int unscanned, SuggestionOptions options)
    {
        var events = new List<RangeEvent>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var opens = ordered[i].Present && (i == 0 || !ordered[i - 1].Present);
            var closes = !ordered[i].Present && i > 0 && ordered[i - 1].Present;
            if (opens)
            {
                events.Add(new RangeEvent(RangeEventKind.Introduced, ordered[i].Version));
            }
            else if (closes)
            {
                events.Add(new RangeEvent(RangeEventKind.Fixed, ordered[i].Version));
            }
        }

        var builds = ordered.Where(o => o.Present).SelectMany(o => Builds(o.Version, o.Scan)).ToList();
        evidence.AddRange(BoundaryScans(ordered));
        var named = behaviours.Distinct(StringComparer.Ordinal).ToList();
        var reason = Reason(package, named, ordered[0].Present, ordered[0].Version, unscanned, options);
        return Entry(package, events, builds, evidence, $"{named[0]} ({severity.ToName()})", reason, options);
    }

    /// <exception cref="PolicyException">when the bisection found no version with the behaviour.</exception>
    public static PolicyEntry FromBisection(BisectResult bisection, StoredTimeline? stored, SuggestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(bisection);
        ArgumentNullException.ThrowIfNull(options);
        if (!bisection.Found)
        {
            throw new PolicyException($"the bisection of {bisection.Package} found {bisection.Behaviour} in no version it scanned: nothing to suggest");
        }

        var introduced = bisection.Introduced ?? (bisection.PresentAtStart == true ? bisection.Scans.Where(s => s.Present == true).Select(s => s.Version).MinBy(v => v.Version, VersionOrder.Comparer) : null);
        var events = new List<RangeEvent>();
        if (introduced is not null)
        {
            events.Add(new RangeEvent(RangeEventKind.Introduced, introduced.Version));
            if (bisection.Removed is { } removed)
            {
                events.Add(new RangeEvent(RangeEventKind.Fixed, removed.Version));
            }
        }

        var builds = bisection.Scans.Where(s => s.Present == true).OrderBy(s => s.Version.Version, VersionOrder.Comparer).SelectMany(s => Builds(s.Version.Version, s.Scan)).ToList();
        var evidence = new List<PolicyEvidence>();
        if (stored is not null)
        {
            evidence.Add(new PolicyEvidence(StoredTimeline.BisectKind, stored.Key) { Note = $"bisection of {bisection.Package} {bisection.Range} for {bisection.Behaviour}" });
        }

        var ordered = bisection.Scans.Where(s => s.Present is not null).OrderBy(s => s.Version.Version, VersionOrder.Comparer).Select(s => new Observation(s.Version.Version, s.Scan, s.Present == true)).ToList();
        evidence.AddRange(BoundaryScans(ordered));
        var reason = Reason(bisection.Package, [bisection.Title ?? bisection.Behaviour], bisection.PresentAtStart == true, bisection.First.Version, 0, options);
        var notes = bisection.Notes.Count > 0 ? $" Bisection: {string.Join("; ", bisection.Notes)}." : "";
        return Entry(bisection.Package, events, builds, evidence, bisection.Title ?? bisection.Behaviour, reason + notes, options);
    }

    /// <summary>From one scan: the one version it covers, when it has a behaviour at or above the threshold.</summary>
    /// <exception cref="PolicyException">when the report has no such finding or names no npm version.</exception>
    public static PolicyEntry FromReport(ScanReport report, SuggestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var findings = report.Findings.Where(f => f.Severity >= options.MinSeverity && Selects(options.Behaviour, FindingIdentity.Key(f), f.RuleId)).ToList();
        if (findings.Count == 0)
        {
            throw new PolicyException($"the report of {report.Target.Name} has no finding{Which(options)} at or above {options.MinSeverity.ToName()}: nothing to suggest");
        }

        if (report.Target.Version is not { } version)
        {
            throw new PolicyException($"the report of {report.Target.Name} names no version: suggest from an npm scan, a history or a bisection");
        }

        var scan = VersionScan.From(report);
        var worst = findings.OrderByDescending(f => f.Severity).First();
        var entry = Entry(report.Target.Name, [], Builds(version, scan).ToList(),
            [new PolicyEvidence("scan", report.Target.Sha256) { Note = $"scan of {report.Target.Name}@{version}" }],
            $"{worst.RuleId} {worst.Title} ({worst.Severity.ToName()})",
            Reason(report.Target.Name, findings.Select(f => $"{f.RuleId} {f.Title}").Distinct(StringComparer.Ordinal), false, version, 0, options),
            options);
        return entry with { Id = options.Id ?? DefaultId(report.Target.Name, version), Affected = [entry.Affected[0] with { Versions = [version] }] };
    }

    private static PolicyEntry Entry(string package, List<RangeEvent> events, List<NativeBuild> builds, List<PolicyEvidence> evidence, string headline, string reason, SuggestionOptions options)
    {
        var first = events.FirstOrDefault()?.Version;
        var affected = new AffectedPackage(PolicyEcosystems.Npm, package)
        {
            Ranges = events.Count == 0 ? [] : [new AffectedRange(events)],
            NativeBuilds = builds.DistinctBy(b => b.Sha256, StringComparer.Ordinal).ToList(),
        };
        return new PolicyEntry
        {
            Id = options.Id ?? DefaultId(package, first),
            Title = $"{package}: {headline}",
            Status = options.Status,
            Effective = options.Effective,
            Reason = options.Reason ?? reason,
            Affected = [affected],
            Evidence = evidence,
            Alternatives = options.Alternatives,
            Decided = options.Decided,
        };
    }

    private static string Reason(string package, IEnumerable<string> behaviours, bool atStart, string firstVersion, int unscanned, SuggestionOptions options)
    {
        var text = $"{package} carries {string.Join("; ", behaviours.Distinct(StringComparer.Ordinal))}.";
        if (atStart)
        {
            text += $" Already present at {firstVersion}, the first version looked at: it may have been introduced earlier.";
        }

        if (unscanned > 0)
        {
            text += $" {unscanned} version(s) in the range could not be scanned; a range boundary next to one is where the scans show it, not closer.";
        }

        return text;
    }

    /// <summary>The scans either side of each boundary: the last without and first with, the last with and first without.</summary>
    private static IEnumerable<PolicyEvidence> BoundaryScans(List<Observation> ordered)
    {
        var picked = new List<int>();
        for (var i = 0; i < ordered.Count; i++)
        {
            if ((i > 0 && ordered[i].Present != ordered[i - 1].Present) || (i == 0 && ordered[i].Present))
            {
                if (i > 0)
                {
                    picked.Add(i - 1);
                }

                picked.Add(i);
            }
        }

        return picked.Distinct().Where(i => ordered[i].Scan is not null).Select(i => new PolicyEvidence("scan", ordered[i].Scan!.Sha256)
        {
            Note = $"{ordered[i].Version}: {(ordered[i].Present ? "has it" : "does not have it")}",
        });
    }

    private static IEnumerable<NativeBuild> Builds(string version, VersionScan? scan) =>
        scan is null ? [] : scan.Executables.Select(e => new NativeBuild(scan.Platform ?? "unknown", e.Sha256, version, e.Path));

    private static bool Selects(string? wanted, string key, string ruleId) =>
        wanted is null || string.Equals(wanted, ruleId, StringComparison.OrdinalIgnoreCase) || string.Equals(wanted, key, StringComparison.Ordinal);

    private static string Which(SuggestionOptions options) => options.Behaviour is null ? "" : $" matching {options.Behaviour}";

    private static string DefaultId(string package, string? firstVersion)
    {
        var name = NotIdCharacters().Replace(package, "-").Trim('-', '.');
        var id = firstVersion is null ? name : $"{name}-{firstVersion}";
        return id.Length > 100 ? id[..100] : id;
    }

    [GeneratedRegex(@"[^A-Za-z0-9._\-]+")]
    private static partial Regex NotIdCharacters();
}
