using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Policy;
using Telltale.Policy.Suggestion;
using Telltale.Scanning;
using Telltale.Tracking;
using Telltale.Tracking.History;

namespace Telltale.Tests.Tracking.History;

/// <summary>
/// The story on the real registry: the covert channel appears in claude-code 2.1.91. Tarballs are cached
/// like the other real-package tests' (TELLTALE_CACHE_DIR in CI). The removal check (2.1.196 to 2.1.199, native
/// builds of about 1 GB) is run by hand, not here.
/// </summary>
[Trait("Category", "RealPackage")]
public sealed class ClaudeCodeHistoryTests
{
    private const string Package = "@anthropic-ai/claude-code";

    // Traits of an outer class do not reach its nested classes; repeated so a Category filter works.
    [Trait("Category", "RealPackage")]
    public sealed class TheRunAsyncMethod
    {
        [Fact]
        public async Task Names_2_1_91_as_the_version_that_introduced_the_covert_behaviour()
        {
            using var http = new HttpClient();
            var registry = new NpmRegistryClient(http, NpmRegistryConfig.Load());
            var versions = NpmRegistryClient.InRange(await registry.GetVersionsAsync(Package), ">=2.1.88 <=2.1.93");
            var source = new ScannerSource(new Scanner(new ScanOptions(), new TargetResolver()));

            var timeline = await new HistoryRunner(source).RunAsync(Package, versions);

            Assert.Equal(["2.1.88", "2.1.89", "2.1.90", "2.1.91"], timeline.Versions.Select(v => v.Info.Version).Take(4));
            Assert.All(timeline.Versions, v => Assert.True(v.Scanned, $"{v.Info.Version}: {v.Error}"));
            var covert = Assert.Single(timeline.Behaviours, b => b.Severity == Severity.Critical && b.RuleId == "TT2001");
            Assert.Equal("2.1.91", covert.Introduced.Version);
            Assert.False(covert.PresentAtStart);
            Assert.NotNull(covert.Introduced.PublishedAt);
            Assert.All(timeline.Versions.Take(3), v => Assert.DoesNotContain(covert.Key, v.Behaviours));

            // The policy entry the timeline supports: introduced at 2.1.91, and no fix inside the range.
            var entry = PolicySuggester.FromTimeline(timeline with { Range = ">=2.1.88 <=2.1.93" }, null, new SuggestionOptions { Behaviour = "TT2001", MinSeverity = Severity.Critical });
            var affected = Assert.Single(entry.Affected);
            Assert.Equal(("npm", Package), (affected.Ecosystem, affected.Name));
            Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "2.1.91")], Assert.Single(affected.Ranges).Events);
            Assert.Equal([false, false, false, true], timeline.Versions.Take(4).Select(v => affected.Covers(v.Info.Version)));
            Assert.Contains(entry.Evidence, e => e.Kind == "scan" && e.Id == timeline.Versions[3].Scan!.Sha256 && e.Note == "2.1.91: has it");
            Assert.Contains(entry.Evidence, e => e.Kind == "scan" && e.Id == timeline.Versions[2].Scan!.Sha256 && e.Note == "2.1.90: does not have it");
        }
    }
}
