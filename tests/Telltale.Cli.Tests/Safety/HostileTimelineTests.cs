using Spectre.Console;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Findings;
using Telltale.Tracking.History;

namespace Telltale.Tests.Safety;

/// <summary>The history view, whose versions, titles and errors come from the registry and the packages.</summary>
public sealed class HostileTimelineTests
{
    private const string Attack = "\u001b[2J\u009b\u202E\r";

    private static string Render(Action<IAnsiConsole> render)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400;
        render(console);
        return output.ToString();
    }

    [Fact]
    public void Shows_hostile_versions_titles_keys_and_errors_escaped()
    {
        var first = new NpmVersionInfo("1.0.0" + Attack, null);
        var second = new NpmVersionInfo("2.0.0", null);
        var timeline = new VersionTimeline(
            "evil" + Attack,
            Severity.Medium,
            [new TimelineVersion(first, new HashSet<string>()), new TimelineVersion(second, new HashSet<string>(), Error: "tarball gone: package/x" + Attack)],
            [new BehaviourTimeline("TT1001|key" + Attack, "TT1001", "Hidden list" + Attack, Severity.High, [new PresenceSpan(first, first, null)])]);

        var text = Render(console => TimelineTerminalView.Render(console, timeline));

        TerminalSafety.AssertNothingRaw(text, "history view");
        Assert.Contains("telltale history evil\\u{001B}[2J\\u{009B}\\u{202E}\\r", text, StringComparison.Ordinal);
        Assert.Contains("Hidden list\\u{001B}[2J", text, StringComparison.Ordinal);
        Assert.Contains("introduced in 1.0.0\\u{001B}[2J", text, StringComparison.Ordinal);
        Assert.Contains("key TT1001|key\\u{001B}[2J", text, StringComparison.Ordinal);
        Assert.Contains("not scanned: 2.0.0: tarball gone: package/x\\u{001B}[2J", text, StringComparison.Ordinal);
    }
}
