using System.Text.Json;
using Telltale.Findings;
using Telltale.Tracking.History;
using static Telltale.Tests.Tracking.History.TrackingFixtures;

namespace Telltale.Tests.Tracking.History;

public sealed class TimelineWriterTests
{
    private static async Task<VersionTimeline> Timeline() =>
        await new HistoryRunner(FakeScanSource.WithChannelWhere(i => i is 2 or 3, fails: i => i == 5)).RunAsync("@scope/tool", Versions(6)) with { Range = ">=1.0.0" };

    public sealed class TheJsonWriter
    {
        [Fact]
        public async Task Writes_each_behaviour_with_its_boundaries_and_dates()
        {
            var output = new StringWriter();

            TimelineJsonWriter.Write(await Timeline(), output);

            using var json = JsonDocument.Parse(output.ToString());
            var root = json.RootElement;
            Assert.Equal(">=1.0.0", root.GetProperty("range").GetString());
            Assert.Equal("medium", root.GetProperty("minSeverity").GetString());
            var behaviour = root.GetProperty("behaviours")[0];
            Assert.Equal("critical", behaviour.GetProperty("severity").GetString());
            Assert.Equal("1.0.2", behaviour.GetProperty("introduced").GetProperty("version").GetString());
            Assert.Equal("2026-01-03T00:00:00Z", behaviour.GetProperty("introduced").GetProperty("publishedAt").GetString());
            Assert.Equal("1.0.4", behaviour.GetProperty("firstAbsent").GetProperty("version").GetString());
            Assert.Equal("1.0.3", behaviour.GetProperty("spans")[0].GetProperty("last").GetProperty("version").GetString());
            var failed = root.GetProperty("versions")[5];
            Assert.False(failed.GetProperty("scanned").GetBoolean());
            Assert.Contains("404", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Writes_a_bisection_with_every_scan_in_order()
        {
            var result = await new Bisector(FakeScanSource.WithChannelWhere(i => i >= 3)).RunAsync("tool", Versions(8), BehaviourSelector.Parse("TT2001", Severity.Critical));
            var output = new StringWriter();

            TimelineJsonWriter.Write(result, output);

            using var json = JsonDocument.Parse(output.ToString());
            Assert.Equal("1.0.3", json.RootElement.GetProperty("introduced").GetProperty("version").GetString());
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("removed").ValueKind);
            Assert.Equal(result.Scans.Count, json.RootElement.GetProperty("scans").GetArrayLength());
        }
    }

    public sealed class TheMarkdownWriter
    {
        [Fact]
        public async Task Writes_a_table_row_per_behaviour_and_lists_what_was_not_scanned()
        {
            var output = new StringWriter();

            TimelineMarkdownWriter.Write(await Timeline(), output);

            var text = output.ToString();
            Assert.Contains("| TT2001 Covert channel in a prompt | critical | 1.0.2 (2026-01-03) | 1.0.4 (2026-01-05) | 1.0.2–1.0.3 |", text, StringComparison.Ordinal);
            Assert.Contains("- 1.0.5: tarball not found", text, StringComparison.Ordinal);
        }
    }
}
