using System.Text.Json;
using Telltale.Probing.Matrix;
using Telltale.Probing.Reports;
using Telltale.Probing.Running;
using Telltale.Tests.Probing.Isolation;
using Telltale.Tests.Rendering;

namespace Telltale.Tests.Probing;

/// <summary>
/// Programs that depend on nothing in the environment, each honest in a way that once looked like a channel: a host it
/// names itself under base-URL variants, base URLs it follows, fresh ids and times, retries by chance, polls counted by
/// timing, calls that race. Run for real under the default matrix, every one must come out with no difference at all,
/// in every format the report is written in: terminal, JSON and Markdown from the same report.
/// </summary>
[Collection("Console")]
public class HonestProgramsTests
{
    public static TheoryData<string> Programs { get; } = new(
        "honest-fixed-host.js",
        "honest-base-url.js",
        "honest-ids-and-timestamps.js",
        "honest-retries.js",
        "honest-timed-polls.js",
        "honest-concurrent.js");

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Probing", "Fixtures", name);

    [NetworkIsolationTheory]
    [MemberData(nameof(Programs))]
    public async Task Reports_no_difference_in_any_format(string program)
    {
        var report = await Probe.RunAsync(new ProbedProgram("node", [Fixture(program)]), ProbeMatrix.Default, new ProbeOptions());

        Assert.All(report.Runs, o => Assert.True(o.Run.ExitCode == 0, $"{o.Run.Variant}: exit {o.Run.ExitCode}: {o.Run.Stderr}"));
        Assert.All(report.Runs, o => Assert.NotEmpty(o.Run.Requests));
        Assert.True(report.Comparison.Differences.Count == 0, string.Join("\n", report.Comparison.Differences.Select(d => $"{d.Request} {d.Field} {d.Kind} in {string.Join(", ", d.Variants)}: {d.ReferenceExcerpt} → {d.VariantExcerpt}")));
        Assert.Empty(report.Comparison.Derived);
        Assert.Empty(report.FollowUpVariants);
        Assert.False(report.HasEnvironmentDependentDifferences);

        using var json = JsonDocument.Parse(ProbeJsonWriter.Write(report));
        var comparison = json.RootElement.GetProperty("comparison");
        Assert.Equal(0, comparison.GetProperty("channels").GetInt32());
        Assert.Equal(0, comparison.GetProperty("differences").GetArrayLength());
        Assert.Equal(0, comparison.GetProperty("derived").GetArrayLength());
        Assert.Equal(0, comparison.GetProperty("capacityBits").GetDouble());

        var terminal = ProbeTerminalReportTests.Render(report);
        Assert.Contains("No environment-dependent channel", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("visible change", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("change  ", terminal, StringComparison.Ordinal);
        Assert.Contains("0 derived token(s)", terminal, StringComparison.Ordinal);

        var markdown = ProbeMarkdownWriter.Write(report);
        Assert.Contains("## Environment-dependent channels (0)", markdown, StringComparison.Ordinal);
        Assert.Contains("## Visible changes (0)", markdown, StringComparison.Ordinal);
        Assert.Contains("## Derived tokens (0)", markdown, StringComparison.Ordinal);
        Assert.Contains("## Measured capacity: 0 bits per message", markdown, StringComparison.Ordinal);
    }
}
