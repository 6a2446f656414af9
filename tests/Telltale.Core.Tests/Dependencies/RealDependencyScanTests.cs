using Telltale.Artifacts;
using Telltale.Dependencies;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tracking;

namespace Telltale.Tests.Dependencies;

/// <summary>
/// <c>is-odd@3.0.1</c> from the real registry: it requires <c>is-number@^6.0.0</c>, whose latest release (7.x) is out of
/// range, and nothing else. Both tarballs are a few kilobytes and cached like every downloaded package.
/// </summary>
[Trait("Category", "RealPackage")]
public sealed class RealDependencyScanTests
{
    [Fact]
    public async Task Scans_is_odd_with_the_is_number_npm_would_install_beside_it()
    {
        var resolver = new TargetResolver(NpmPlatform.Parse("linux-x64"));
        var source = new ScannerSource(new Scanner(new ScanOptions(), resolver));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("telltale-tests/1.0");
        var registry = new NpmRegistryClient(http, NpmRegistryConfig.Load());

        var own = await source.GetAsync("npm:is-odd@3.0.1");
        var merged = await new DependencyScanner(source, new DependencyClosureResolver(registry, resolver.Platform)).ScanAsync(own);

        var dependency = Assert.Single(merged.Target.Dependencies!);
        Assert.Equal(("is-number", "6.0.0", DependencyKind.Dependency, "is-odd@3.0.1"), (dependency.Name, dependency.Version, dependency.Kind, dependency.RequiredBy));
        Assert.Equal(ArtifactHasher.Hash(registry.CachePathFor("is-number", "6.0.0")), dependency.Sha256);
        Assert.True(merged.Complete, string.Join("; ", merged.Incomplete.Select(i => i.Reason)));
        Assert.True(merged.Statistics.Entries > own.Statistics.Entries);
        Assert.DoesNotContain(merged.Findings, f => f.Severity >= Severity.Medium);
    }
}
