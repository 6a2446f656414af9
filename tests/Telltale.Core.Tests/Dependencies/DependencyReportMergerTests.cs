using Telltale.Dependencies;
using Telltale.Findings;

namespace Telltale.Tests.Dependencies;

public sealed class DependencyReportMergerTests
{
    private static readonly DateTimeOffset When = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ScanReport Report(ScanTarget target, IReadOnlyList<Finding> findings, IReadOnlyList<IncompleteAnalysis>? incomplete = null) => new()
    {
        Target = target,
        Findings = findings,
        Incomplete = incomplete ?? [],
        Statistics = new ScanStatistics { Entries = 3, Bytes = 100, Literals = 7 },
        ScannedAt = When,
        ToolVersion = "test",
    };

    private static Finding Finding(string path, Severity severity, Behaviour? behaviour = null) => new()
    {
        RuleId = "TT1001",
        Title = "Hidden list",
        Severity = severity,
        Location = new SourceLocation(path, 1, 2, 3),
        Evidence = new Evidence("x"),
        Occurrences = 2,
        OtherLocations = [new SourceLocation(path, 5, 6, 70)],
        Behaviour = behaviour,
    };

    private static BehaviourStep Step(BehaviourStepKind kind, string path, params BehaviourStep[] children) => new()
    {
        Kind = kind,
        Summary = kind.ToString(),
        Location = new SourceLocation(path, 1, 1, 0),
        Children = children,
    };

    [Fact]
    public void Moves_every_location_of_a_dependency_under_its_prefix_and_says_missing_platform_packages_first()
    {
        var target = Report(new ScanTarget("wrapper", "1.0.0", "aa", "npm") { Platform = "linux-x64" }, [Finding("package/cli.js", Severity.Low)],
            [new IncompleteAnalysis("package/cli.js", "behaviour", "budget"), new ScanTarget("wrapper", "1.0.0", "aa", "npm") { Platform = "linux-x64" }.PlatformGap!]);
        var behaviour = new Behaviour { Root = Step(BehaviourStepKind.Sink, "package/a.js", Step(BehaviourStepKind.Source, "package/b.js")) };
        var coreTarget = new ScanTarget("core", "2.0.0", "bb", "npm") { Platform = "linux-x64" };
        var core = Report(coreTarget, [Finding("package/index.js", Severity.Critical, behaviour)], [coreTarget.PlatformGap!, new IncompleteAnalysis("package/index.js", "text", "too big")]) with
        {
            Schemes = [new ObfuscationScheme { Callee = "_d", Chain = ["base64"], LiteralCount = 2, DecodedCount = 2, FirstLocation = new SourceLocation("package/index.js", 1, 1, 0) }],
            Payloads = [new EmbeddedPayloadListing("package/bin/tool", "bun", 0, 10, [])],
        };
        var dependency = new ResolvedDependency("core", "2.0.0", DependencyKind.Peer, "wrapper@1.0.0");
        var closure = new DependencyClosure("wrapper@1.0.0", [dependency], [new IncompleteAnalysis("wrapper@1.0.0", IncompleteAnalysis.DependenciesAnalysis, "git dependency")]);

        var merged = DependencyReportMerger.Merge(target, closure, [new DependencyScanResult(dependency, core, null)], TimeSpan.FromSeconds(3));

        var moved = merged.Findings.Single(f => f.Severity == Severity.Critical);
        Assert.Equal("core@2.0.0!/package/index.js", moved.Location.Path);
        Assert.Equal(["core@2.0.0!/package/index.js"], moved.OtherLocations.Select(l => l.Path));
        Assert.Equal(["core@2.0.0!/package/a.js", "core@2.0.0!/package/b.js"], moved.Behaviour!.Steps().Select(s => s.Location.Path));
        Assert.Equal("core@2.0.0!/package/index.js", Assert.Single(merged.Schemes).FirstLocation.Path);
        Assert.Equal("core@2.0.0!/package/bin/tool", Assert.Single(merged.Payloads).Path);
        Assert.Equal(
            [("wrapper", "platform"), ("core@2.0.0", "platform"), ("package/cli.js", "behaviour"), ("wrapper@1.0.0", "dependencies"), ("core@2.0.0!/package/index.js", "text")],
            merged.Incomplete.Select(i => (i.Path, i.Analysis)));
        Assert.Equal(["wrapper", "core@2.0.0"], merged.PlatformGaps.Select(g => g.Path));

        // The closure problem gets its TT2000 here; the dependency's own notes brought theirs (none in this hand-made report).
        Assert.Single(merged.Findings, f => f.RuleId == "TT2000");
        var package = Assert.Single(merged.Target.Dependencies!);
        Assert.Equal(new DependencyPackage("core", "2.0.0", "bb", DependencyKind.Peer, "wrapper@1.0.0") { Platform = "linux-x64" }, package);
        Assert.Equal((6, 200L, 14, TimeSpan.FromSeconds(3)), (merged.Statistics.Entries, merged.Statistics.Bytes, merged.Statistics.Literals, merged.Statistics.Elapsed));
        Assert.Equal(Severity.Critical, merged.Findings[0].Severity);
    }

    [Fact]
    public void Tells_a_dependency_s_files_from_a_package_whose_name_only_starts_the_same()
    {
        var dependency = new DependencyPackage("core", "1.0.0", "bb", DependencyKind.Dependency, "app@1.0.0");

        Assert.True(dependency.Contains("core@1.0.0"));
        Assert.True(dependency.Contains("core@1.0.0!/package/x.js"));
        Assert.False(dependency.Contains("core@1.0.0-beta!/package/x.js"));
        Assert.False(dependency.Contains("core@1.0.01!/package/x.js"));
        Assert.False(dependency.Contains("package/core@1.0.0"));
    }
}
