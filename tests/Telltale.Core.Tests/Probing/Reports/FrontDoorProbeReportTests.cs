using System.Text.Json;
using Telltale.Gateway;
using Telltale.Probing;
using Telltale.Probing.Matrix;
using Telltale.Probing.Reports;
using Telltale.Probing.Running;

namespace Telltale.Tests.Probing.Reports;

public sealed class FrontDoorProbeReportTests
{
    private static readonly ProbeMatrix Matrix = new([new ProbeVariant("defaults", new Dictionary<string, string?>())], Repeats: 2);

    private static ProbeReport Report(IReadOnlyList<ProbeRunOutcome> outcomes) => new()
    {
        Command = "node agent.js",
        Matrix = Matrix,
        Runs = outcomes,
        Comparison = ProbeComparison.Compare([.. outcomes.Select(o => o.Run)], "defaults"),
        Isolation = "test",
        StartedAt = DateTimeOffset.UnixEpoch,
        Elapsed = TimeSpan.Zero,
        ToolVersion = "test",
    };

    private static ProbeRunOutcome Run(int repeat, bool complete, params FrontDoorDecision[] decisions) =>
        new(new ProbeRun("defaults", repeat, new Dictionary<string, string>(), 0, "", "",
            [ProbeRuns.Request(repeat, """{"messages":[{"role":"user","content":"It's"}]}""")]), TimeSpan.Zero, false)
        {
            FrontDoorDecisions = decisions,
            FrontDoorComplete = complete,
        };

    private static FrontDoorDecision Normalised() => new("POST", "/v1/messages", "normalised", 200,
        [new FieldTextChange("$.messages[0].content", 10, new TextChange(2, "U+2019", "U+0027", TextChangeReason.LookAlike))], ["YYYY-MM-DD"], null, []);

    [Fact]
    public void A_run_whose_front_door_record_is_incomplete_is_said_so_in_every_format()
    {
        var outcomes = new[] { Run(1, complete: true, Normalised()), Run(2, complete: false) };
        var report = new FrontDoorProbeReport { FrontDoor = "telltale gateway in normalise mode", Direct = Report(outcomes), Through = Report(outcomes) };

        Assert.Equal(2, Assert.Single(report.IncompleteRuns).Run.Repeat);
        using var json = JsonDocument.Parse(ProbeJsonWriter.Write(report));
        Assert.Equal(1, json.RootElement.GetProperty("frontDoorIncompleteRuns").GetInt32());
        var runs = json.RootElement.GetProperty("throughFrontDoor").GetProperty("runs").EnumerateArray().ToList();
        Assert.True(runs[0].GetProperty("frontDoorComplete").GetBoolean());
        Assert.False(runs[1].GetProperty("frontDoorComplete").GetBoolean());
        Assert.Contains("**Incomplete:** the front door's record of 1 run(s)", ProbeMarkdownWriter.Write(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_records_raise_no_warning()
    {
        var outcomes = new[] { Run(1, complete: true, Normalised()), Run(2, complete: true, Normalised()) };
        var report = new FrontDoorProbeReport { FrontDoor = "telltale gateway in normalise mode", Direct = Report(outcomes), Through = Report(outcomes) };

        Assert.Empty(report.IncompleteRuns);
        Assert.DoesNotContain("Incomplete", ProbeMarkdownWriter.Write(report), StringComparison.Ordinal);
        var change = Assert.Single(report.CharacterChanges);
        Assert.Equal([("defaults", 2)], change.Variants);
    }
}
