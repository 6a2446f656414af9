using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Policy;
using Telltale.Policy.Suggestion;
using Telltale.Scanning;
using Telltale.Tests.Tracking.History;
using Telltale.Tracking;
using Telltale.Tracking.History;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Policy;

public sealed class PolicySuggesterTests
{
    /// <summary>
    /// Versions 1.0.0… where the channel is in 1.0.3–1.0.6; from 1.0.5 on the program is a native build, whose
    /// executable hash differs per version.
    /// </summary>
    private sealed class NativeSource(Func<int, bool> present) : IScanSource
    {
        public Task<ScanReport> GetAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var version = target[(target.LastIndexOf('@') + 1)..];
            var index = int.Parse(version.Split('.')[^1], System.Globalization.CultureInfo.InvariantCulture);
            var report = TrackingFixtures.Report(target, present(index) ? [TrackingFixtures.Channel()] : []) with
            {
                Target = new ScanTarget("tool", version, Hash('t', index), "npm") { Platform = "linux-x64" },
                Payloads = index >= 5 ? [new EmbeddedPayloadListing($"tool-linux-x64@{version}!/package/tool", "bun", 100, 200, []) { ExecutableSha256 = Hash('e', index) }] : [],
            };
            return Task.FromResult(report);
        }
    }

    private static string Hash(char prefix, int index) => prefix + index.ToString("D63", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly SuggestionOptions Options = new() { MinSeverity = Severity.Critical };

    [Fact]
    public async Task From_a_history_the_range_is_exactly_the_versions_with_the_behaviour()
    {
        var timeline = await new HistoryRunner(new NativeSource(i => i is >= 3 and <= 6), Severity.Medium).RunAsync("tool", TrackingFixtures.Versions(10));

        var entry = PolicySuggester.FromTimeline(timeline with { Range = "*" }, null, Options);

        var affected = Assert.Single(entry.Affected);
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "1.0.3"), new RangeEvent(RangeEventKind.Fixed, "1.0.7")], Assert.Single(affected.Ranges).Events);
        Assert.Equal(["1.0.3", "1.0.4", "1.0.5", "1.0.6"], TrackingFixtures.Versions(10).Select(v => v.Version).Where(affected.Covers));
        Assert.Equal([Hash('e', 5), Hash('e', 6)], affected.NativeBuilds.Select(b => b.Sha256));
        Assert.All(affected.NativeBuilds, b => Assert.Equal("linux-x64", b.Platform));
        Assert.Equal([Hash('t', 2), Hash('t', 3), Hash('t', 6), Hash('t', 7)], entry.Evidence.Select(e => e.Id));
        Assert.Equal(PolicyStatus.Review, entry.Status);
    }

    [Fact]
    public async Task A_behaviour_present_at_the_end_gets_no_fix_and_one_present_at_the_start_says_so()
    {
        var timeline = await new HistoryRunner(new NativeSource(i => i <= 1 || i >= 8), Severity.Medium).RunAsync("tool", TrackingFixtures.Versions(10));

        var entry = PolicySuggester.FromTimeline(timeline, null, Options);

        Assert.Equal(
            [new RangeEvent(RangeEventKind.Introduced, "1.0.0"), new RangeEvent(RangeEventKind.Fixed, "1.0.2"), new RangeEvent(RangeEventKind.Introduced, "1.0.8")],
            entry.Affected[0].Ranges[0].Events);
        Assert.Contains("may have been introduced earlier", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_a_stored_bisection_with_the_native_builds_it_scanned()
    {
        var path = Path.Combine(Path.GetTempPath(), $"telltale-suggest-{Guid.NewGuid():N}.db");
        try
        {
            using var store = new ScanStore(path);
            var bisection = await new Bisector(new NativeSource(i => i is >= 40 and < 120)).RunAsync("tool", TrackingFixtures.Versions(200), BehaviourSelector.Parse("TT2001", Severity.Critical));
            var saved = store.SaveTimeline(bisection with { Range = "*" }, "linux-x64", "test", TrackingFixtures.Epoch);

            var stored = store.GetTimeline(saved.Id)!;
            var (timeline, reread) = stored.Read();
            Assert.Null(timeline);
            var entry = PolicySuggester.FromBisection(reread!, stored, Options with { Status = PolicyStatus.Banned, Id = "T-1" });

            Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "1.0.40"), new RangeEvent(RangeEventKind.Fixed, "1.0.120")], entry.Affected[0].Ranges[0].Events);
            var scannedWith = reread!.Scans.Where(s => s.Present == true).Select(s => Hash('e', int.Parse(s.Version.Version.Split('.')[^1], System.Globalization.CultureInfo.InvariantCulture))).Order(StringComparer.Ordinal);
            Assert.Equal(scannedWith, entry.Affected[0].NativeBuilds.Select(b => b.Sha256).Order(StringComparer.Ordinal));
            Assert.Equal(new PolicyEvidence("bisect", saved.Key) { Note = "bisection of tool * for TT2001 at critical or above" }.Id, entry.Evidence[0].Id);
            Assert.Equal([saved.Key], store.ListTimelines("tool").Select(t => t.Key));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_timeline_reads_back_from_its_json_with_the_scans_behind_it()
    {
        var timeline = await new HistoryRunner(new NativeSource(i => i is >= 3 and <= 6), Severity.Medium).RunAsync("tool", TrackingFixtures.Versions(8));
        using var text = new StringWriter();
        TimelineJsonWriter.Write(timeline with { Range = "^1" }, text);

        var (reread, bisection) = TimelineJsonReader.Read(text.ToString());

        Assert.Null(bisection);
        using var again = new StringWriter();
        TimelineJsonWriter.Write(reread!, again);
        Assert.Equal(text.ToString(), again.ToString());
        Assert.Equal(Hash('e', 6), reread!.Versions[6].Scan!.Executables[0].Sha256);
        Assert.Throws<InvalidDataException>(() => TimelineJsonReader.Read("{\"package\": 3}"));
        Assert.Throws<InvalidDataException>(() => TimelineJsonReader.Read("{"));
    }

    [Fact]
    public async Task From_a_diff_a_behaviour_only_the_new_version_has_is_introduced_there()
    {
        var source = new NativeSource(i => i >= 6);
        var old = await source.GetAsync("npm:tool@1.0.5");
        var @new = await source.GetAsync("npm:tool@1.0.6");

        var entry = PolicySuggester.FromDiff(Telltale.Tracking.Diffing.ReportDiffer.Diff(old, @new), Options);

        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "1.0.6")], entry.Affected[0].Ranges[0].Events);
        Assert.Equal([Hash('e', 6)], entry.Affected[0].NativeBuilds.Select(b => b.Sha256));
        Assert.Equal(["1.0.5: does not have it", "1.0.6: has it"], entry.Evidence.Select(e => e.Note));

        var removed = PolicySuggester.FromDiff(Telltale.Tracking.Diffing.ReportDiffer.Diff(await new NativeSource(i => i < 6).GetAsync("npm:tool@1.0.5"), await new NativeSource(i => i < 6).GetAsync("npm:tool@1.0.6")), Options);
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "1.0.5"), new RangeEvent(RangeEventKind.Fixed, "1.0.6")], removed.Affected[0].Ranges[0].Events);
        Assert.Contains("may have been introduced earlier", removed.Reason, StringComparison.Ordinal);
        Assert.Throws<PolicyException>(() => PolicySuggester.FromDiff(Telltale.Tracking.Diffing.ReportDiffer.Diff(@new, old), Options));
    }

    [Fact]
    public async Task Bisections_of_one_range_for_two_platforms_join_their_native_builds()
    {
        var versions = TrackingFixtures.Versions(40);
        var selector = BehaviourSelector.Parse("TT2001", Severity.Critical);
        var linux = await new Bisector(new NativeSource(i => i is >= 10 and < 30)).RunAsync("tool", versions, selector);
        var mac = linux with { Scans = [.. linux.Scans.Select(s => s with { Scan = s.Scan is null ? null : s.Scan with { Platform = "darwin-arm64", Executables = [.. s.Scan.Executables.Select(e => e with { Sha256 = e.Sha256.Replace('e', 'f') })] } })] };

        var merged = PolicySuggester.Merge([("history:1", PolicySuggester.FromBisection(linux, null, Options)), ("history:2", PolicySuggester.FromBisection(mac, null, Options))]);

        var builds = merged.Affected[0].NativeBuilds;
        Assert.Equal(builds.Count / 2, builds.Count(b => b.Platform == "darwin-arm64"));
        Assert.True(builds.Count >= 2);
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "1.0.10"), new RangeEvent(RangeEventKind.Fixed, "1.0.30")], merged.Affected[0].Ranges[0].Events);

        var other = await new Bisector(new NativeSource(i => i is >= 12 and < 30)).RunAsync("tool", versions, selector);
        var error = Assert.Throws<PolicyException>(() => PolicySuggester.Merge([("history:1", PolicySuggester.FromBisection(linux, null, Options)), ("history:3", PolicySuggester.FromBisection(other, null, Options))]));
        Assert.Equal("history:1 and history:3 disagree on what is affected (tool introduced 1.0.10, fixed 1.0.30; tool introduced 1.0.12, fixed 1.0.30): suggest from each alone and compare", error.Message);
    }

    [Fact]
    public void Nothing_to_suggest_is_an_error_not_an_empty_entry()
    {
        var report = TrackingFixtures.Report("npm:tool@1.0.0") with { Target = new ScanTarget("tool", "1.0.0", new string('0', 64), "npm") };
        var error = Assert.Throws<PolicyException>(() => PolicySuggester.FromReport(report, Options));
        Assert.Contains("nothing to suggest", error.Message, StringComparison.Ordinal);

        var entry = PolicySuggester.FromReport(report with { Findings = [TrackingFixtures.Channel()] }, Options);
        Assert.Equal(["1.0.0"], entry.Affected[0].Versions);
        Assert.Equal("tool-1.0.0", entry.Id);
    }
}
