using System.Text;
using System.Text.Json.Nodes;
using Telltale.Artifacts;
using Telltale.Dependencies;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tests.Artifacts;
using Telltale.Tracking;
using Telltale.Tracking.Store;
using static Telltale.Tests.Dependencies.DependencyRegistry;

namespace Telltale.Tests.Dependencies;

public sealed class DependencyScannerTests
{
    private static readonly NpmPlatform LinuxX64 = NpmPlatform.Parse("linux-x64")!;

    /// <summary>A module whose only secret is a list of domains, base64 of xor 0x21: one high finding.</summary>
    private static string HiddenList()
    {
        var list = "alpha-lab.example,beta-lab.example,gamma.example,delta.example,epsilon.example";
        var hidden = Convert.ToBase64String(Encoding.UTF8.GetBytes(list).Select(b => (byte)(b ^ 0x21)).ToArray());
        return $"const L=\"{hidden}\";module.exports=()=>Buffer.from(L,'base64');\n";
    }

    private sealed class Setup : IDisposable
    {
        public Setup()
        {
            Store = new ScanStore(Path.Combine(Temp.Path, "scans.db"));
        }

        public DependencyRegistry Registry { get; } = new();
        public TempDirectory Temp { get; } = new();
        public ScanStore Store { get; }

        public StoredScanSource Source() => new(Store, new TargetResolver(Registry.Client, LinuxX64), new ScanOptions());

        /// <summary>The target's report from <paramref name="source"/>, then the dependencies' merged in.</summary>
        public async Task<(ScanReport Own, ScanReport Merged)> ScanAsync(string target, IScanSource? source = null, int max = DependencyClosureResolver.DefaultMaxPackages)
        {
            source ??= Source();
            var own = await source.GetAsync(target);
            var merged = await new DependencyScanner(source, new DependencyClosureResolver(Registry.Client, LinuxX64, max)).ScanAsync(own);
            return (own, merged);
        }

        /// <summary>The thin wrapper of the story: clean itself, its program in a dependency.</summary>
        public void PublishWrapper(string coreCode)
        {
            Registry.Publish("wrapper", "1.0.0", new JsonObject { ["dependencies"] = Map(("core", "^1.0.0")) }, code: "module.exports = require('core');\n");
            Registry.Publish("core", "1.0.0", code: coreCode);
        }

        public void Dispose()
        {
            Store.Dispose();
            Temp.Dispose();
            Registry.Dispose();
        }
    }

    [Fact]
    public async Task Finds_what_a_thin_wrapper_hides_in_its_dependency_and_fails_the_gate_on_it()
    {
        using var setup = new Setup();
        setup.PublishWrapper(HiddenList());

        var (own, merged) = await setup.ScanAsync("npm:wrapper@1.0.0");

        Assert.False(own.FailsAt(Severity.High));
        Assert.True(merged.FailsAt(Severity.High));
        Assert.True(merged.Complete);
        var finding = Assert.Single(merged.Findings, f => f.Severity >= Severity.High);
        Assert.StartsWith("core@1.0.0!/package/index.js", finding.Location.Path, StringComparison.Ordinal);
        var dependency = Assert.Single(merged.Target.Dependencies!);
        Assert.Equal(("core", "1.0.0", DependencyKind.Dependency, "wrapper@1.0.0"), (dependency.Name, dependency.Version, dependency.Kind, dependency.RequiredBy));
        Assert.Equal(ArtifactHasher.Hash(setup.Registry.Client.CachePathFor("core", "1.0.0")), dependency.Sha256);
        Assert.Contains(finding, merged.FindingsOf(dependency));
        Assert.Equal(("wrapper", "1.0.0"), (merged.Target.Name, merged.Target.Version));
        Assert.Equal(own.Statistics.Entries + 2, merged.Statistics.Entries);
    }

    [Fact]
    public async Task Reuses_the_stored_scans_on_a_second_run()
    {
        using var setup = new Setup();
        setup.PublishWrapper(HiddenList());
        var (_, first) = await setup.ScanAsync("npm:wrapper@1.0.0");
        var tarballs = setup.Registry.Registry.TarballRequests().Count;

        var (_, second) = await setup.ScanAsync("npm:wrapper@1.0.0");

        Assert.Equal(2, tarballs);
        Assert.Equal(tarballs, setup.Registry.Registry.TarballRequests().Count);
        Assert.Equal(first.Findings.Select(f => (f.RuleId, f.Location)), second.Findings.Select(f => (f.RuleId, f.Location)));
        Assert.Equal(2, setup.Store.List().Count);
    }

    [Fact]
    public async Task Reports_a_dependency_that_cannot_be_fetched_as_incomplete_and_goes_on()
    {
        using var setup = new Setup();
        setup.Registry.Publish("wrapper", "1.0.0", new JsonObject { ["dependencies"] = Map(("core", "^1.0.0"), ("other", "1.0.0")) });
        setup.Registry.Registry.Publish("core", "1.0.0", Tarball("core", "1.0.0"), new Dictionary<string, string?> { ["integrity"] = FakeRegistry.Sri512([1, 2, 3]) });
        setup.Registry.Publish("other", "1.0.0", code: HiddenList());

        var (_, merged) = await setup.ScanAsync("npm:wrapper@1.0.0");

        Assert.False(merged.Complete);
        Assert.True(merged.FailsAt(Severity.Critical));
        var incomplete = Assert.Single(merged.Incomplete);
        Assert.Equal(("core@1.0.0", IncompleteAnalysis.DependenciesAnalysis), (incomplete.Path, incomplete.Analysis));
        Assert.StartsWith("required by wrapper@1.0.0, it was not scanned: integrity mismatch for core@1.0.0", incomplete.Reason, StringComparison.Ordinal);
        Assert.Contains(merged.Findings, f => f.RuleId == "TT2000" && f.Location.Path == "core@1.0.0");
        Assert.Equal(["other@1.0.0"], merged.Target.Dependencies!.Select(d => d.PathPrefix));
        Assert.Contains(merged.Findings, f => f.Severity == Severity.High && f.Location.Path.StartsWith("other@1.0.0!/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Makes_a_closure_problem_an_incomplete_analysis_with_its_finding()
    {
        using var setup = new Setup();
        setup.Registry.Publish("wrapper", "1.0.0", new JsonObject { ["dependencies"] = Map(("core", "^2.0.0")) });
        setup.Registry.Publish("core", "1.0.0");

        var (own, merged) = await setup.ScanAsync("npm:wrapper@1.0.0");

        Assert.True(own.Complete);
        Assert.False(merged.Complete);
        Assert.Empty(merged.Target.Dependencies!);
        var finding = Assert.Single(merged.Findings, f => f.RuleId == "TT2000");
        Assert.Equal(("wrapper@1.0.0", "Analysis incomplete (dependencies)"), (finding.Location.Path, finding.Title));
        Assert.Contains("no published version of core matches '^2.0.0'", finding.Evidence.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_the_target_installs_nothing_else_rather_than_leaving_it_unknown()
    {
        using var setup = new Setup();
        setup.Registry.Publish("alone", "1.0.0");

        var (own, merged) = await setup.ScanAsync("npm:alone@1.0.0");

        Assert.Null(own.Target.Dependencies);
        Assert.NotNull(merged.Target.Dependencies);
        Assert.Empty(merged.Target.Dependencies);
        Assert.True(merged.Complete);
    }

    [Fact]
    public async Task Refuses_a_target_that_is_not_an_npm_package()
    {
        using var setup = new Setup();
        var directory = Path.Combine(setup.Temp.Path, "local");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "index.js"), "module.exports = 1;\n");
        var own = await setup.Source().GetAsync(directory);

        var error = await Assert.ThrowsAsync<TargetException>(() =>
            new DependencyScanner(setup.Source(), new DependencyClosureResolver(setup.Registry.Client, LinuxX64)).ScanAsync(own));

        Assert.Equal("the dependencies of local cannot be resolved: it is not an npm package", error.Message);
    }
}
