using Telltale.Findings;
using Telltale.Scanning;

namespace Telltale.Dependencies;

/// <summary>
/// Puts the target's report and its dependencies' into one <see cref="ScanReport"/>: each dependency's findings, notes,
/// schemes and embedded applications move under <c>name@version!/</c>, as a platform package's entries do, so every
/// format shows which package a finding is in and the <c>--fail-on</c> gate sees them all.
/// </summary>
public static class DependencyReportMerger
{
    /// <param name="target">The target's own report.</param>
    /// <param name="closure">What was resolved; its problems become incomplete analyses.</param>
    /// <param name="results">One per package of the closure, in its order.</param>
    /// <param name="elapsed">The whole run's time, the target's scan included.</param>
    public static ScanReport Merge(ScanReport target, DependencyClosure closure, IReadOnlyList<DependencyScanResult> results, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(closure);
        ArgumentNullException.ThrowIfNull(results);

        var findings = new List<Finding>(target.Findings);
        var gaps = target.Incomplete.Where(IsPlatformGap).ToList();
        var others = target.Incomplete.Where(i => !IsPlatformGap(i)).ToList();

        // What the merge finds (closure problems, packages not scanned) needs a TT2000 finding each; the dependencies'
        // own notes already have theirs, moved with the rest of their findings.
        var fresh = new List<IncompleteAnalysis>(closure.Problems);
        var moved = new List<IncompleteAnalysis>();
        var schemes = new List<ObfuscationScheme>(target.Schemes);
        var payloads = new List<EmbeddedPayloadListing>(target.Payloads);
        var dependencies = new List<DependencyPackage>();
        var statistics = target.Statistics;
        foreach (var (dependency, report, failure) in results)
        {
            if (report is null)
            {
                fresh.Add(failure ?? new IncompleteAnalysis(dependency.Key, IncompleteAnalysis.DependenciesAnalysis, "it was not scanned"));
                continue;
            }

            var prefix = dependency.Key;
            var packageName = report.Target.Name;
            string Moved(string path) => path == packageName ? prefix : $"{prefix}!/{path}";
            SourceLocation Relocated(SourceLocation location) => location with { Path = Moved(location.Path) };

            findings.AddRange(report.Findings.Select(f => f with
            {
                Location = Relocated(f.Location),
                OtherLocations = [.. f.OtherLocations.Select(Relocated)],
                Behaviour = f.Behaviour is { } behaviour ? behaviour with { Root = RelocatedStep(behaviour.Root, Relocated) } : null,
            }));
            foreach (var incomplete in report.Incomplete)
            {
                (IsPlatformGap(incomplete) ? gaps : moved).Add(incomplete with { Path = Moved(incomplete.Path) });
            }

            schemes.AddRange(report.Schemes.Select(s => s with { FirstLocation = Relocated(s.FirstLocation) }));
            payloads.AddRange(report.Payloads.Select(p => p with { Path = Moved(p.Path) }));
            statistics = Sum(statistics, report.Statistics);
            dependencies.Add(new DependencyPackage(dependency.Name, dependency.Version, report.Target.Sha256, dependency.Kind, dependency.RequiredBy)
            {
                Platform = report.Target.Platform,
                PlatformPackages = report.Target.PlatformPackages,
            });
        }

        findings.AddRange(fresh.Select(Scanner.IncompleteFinding));
        return target with
        {
            Target = target.Target with { Dependencies = dependencies },
            Findings = Scanner.Order(findings),
            Schemes = schemes,
            Payloads = payloads,
            Incomplete = [.. gaps, .. others, .. fresh, .. moved],
            Statistics = statistics with { Elapsed = elapsed },
            ScannedAt = DateTimeOffset.UtcNow,
        };
    }

    private static bool IsPlatformGap(IncompleteAnalysis incomplete) => incomplete.Analysis == IncompleteAnalysis.PlatformAnalysis;

    private static BehaviourStep RelocatedStep(BehaviourStep step, Func<SourceLocation, SourceLocation> relocate) => step with
    {
        Location = relocate(step.Location),
        Children = [.. step.Children.Select(c => RelocatedStep(c, relocate))],
    };

    private static ScanStatistics Sum(ScanStatistics a, ScanStatistics b) => new()
    {
        Entries = a.Entries + b.Entries,
        Bytes = a.Bytes + b.Bytes,
        Literals = a.Literals + b.Literals,
        DecodedLiterals = a.DecodedLiterals + b.DecodedLiterals,
        SandboxEvaluations = a.SandboxEvaluations + b.SandboxEvaluations,
        SandboxStatements = a.SandboxStatements + b.SandboxStatements,
    };
}
