using Telltale.Probing;
using Telltale.Probing.Matrix;
using Telltale.Probing.Reports;
using Telltale.Probing.Running;
using static Telltale.Tests.Probing.ProbeRuns;

namespace Telltale.Tests.Probing.Reports;

/// <summary>
/// Probe reports made from synthetic runs, as the probe would make them but without running anything: each case is a
/// baseline and one variant whose requests differ by exactly what the view under test has to show.
/// </summary>
internal static class ProbeReports
{
    public const string Baseline = "baseline";
    public const string Variant = "marked";
    public static readonly IReadOnlyDictionary<string, string> Factor = Environment(("TZ", "Asia/Shanghai"));

    public const string ApostrophePrompt = "Today's date is 2026-12-06.";
    public const string CurlyApostrophePrompt = "Today\u2019s date is 2026-12-06.";
    public const string SlashDatePrompt = "Today's date is 2026/12/06.";
    public const string Agent = "You are a coding agent.";
    public const string AgentWithZeroWidthSpace = "You are a\u200B coding agent.";

    /// <summary>Markdown a tool could write to put a link, an image or a table cell into a report.</summary>
    public const string MarkdownPrompt = "|`x`*y*_z_<b>[l](u) it's ok";

    /// <summary>A header value that would reverse the line, retitle the window and ring the bell if it reached a terminal raw.</summary>
    public const string HostileHeader = "\u202Etxt.exe\u001B]0;pwned\u0007 mode-a";

    /// <summary>The system prompt is <paramref name="before"/> in the baseline and <paramref name="after"/> in the variant.</summary>
    public static ProbeReport SystemPrompt(string before, string after) => Of(
        [
            .. Repeats(Baseline, NoFactors, _ => [Request(0, MessagesBody([before], "List the files."))]),
            .. Repeats(Variant, Factor, _ => [Request(0, MessagesBody([after], "List the files."))]),
        ]);

    /// <summary>A header whose value is <paramref name="before"/> in the baseline and <paramref name="after"/> in the variant.</summary>
    public static ProbeReport Header(string before, string after) => Of(
        [
            .. Repeats(Baseline, NoFactors, _ => [Request(0, "{}", headers: [("x-client-note", before)])]),
            .. Repeats(Variant, Factor, _ => [Request(0, "{}", headers: [("x-client-note", after)])]),
        ]);

    /// <summary>The variant alone sends a <c>region</c> field and makes a telemetry request.</summary>
    public static ProbeReport FieldAndRequestInTheVariantOnly() => Of(
        [
            .. Repeats(Baseline, NoFactors, _ => [Request(0, """{"model":"m"}""")]),
            .. Repeats(Variant, Factor, _ =>
                [Request(0, """{"model":"m","region":"cn"}"""), Request(1, """{"event":"start"}""", path: "/api/event_logging/batch")]),
        ]);

    public static FrontDoorProbeReport ThroughFrontDoor(ProbeReport direct, ProbeReport through) =>
        new() { FrontDoor = "telltale gateway in normalise mode", Direct = direct, Through = through };

    private static IReadOnlyDictionary<string, string> NoFactors => Environment();

    private static ProbeReport Of(IReadOnlyList<ProbeRun> runs)
    {
        var variants = runs
            .GroupBy(run => run.Variant)
            .Select(g => new ProbeVariant(g.Key, g.First().Environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)))
            .ToList();
        return new ProbeReport
        {
            Command = "node agent.js",
            Matrix = new ProbeMatrix(variants, Repeats: 2),
            Runs = [.. runs.Select(run => new ProbeRunOutcome(run, TimeSpan.Zero, TimedOut: false))],
            Comparison = ProbeComparison.Compare(runs, Baseline),
            Isolation = "test",
            StartedAt = DateTimeOffset.UnixEpoch,
            Elapsed = TimeSpan.Zero,
            ToolVersion = "test",
        };
    }
}
