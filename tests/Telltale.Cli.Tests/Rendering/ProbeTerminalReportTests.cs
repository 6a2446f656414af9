using Spectre.Console;
using Telltale.Cli.Rendering;
using Telltale.Probing.Reports;
using Telltale.Tests.Safety;
using static Telltale.Tests.Probing.Reports.ProbeReports;

namespace Telltale.Tests.Rendering;

public sealed class ProbeTerminalReportTests
{
    private const string Apostrophe = "U+0027 APOSTROPHE → U+2019 RIGHT SINGLE QUOTATION MARK · look-alike";
    private const string Separator = "U+002D HYPHEN-MINUS → U+002F SOLIDUS";

    [Fact]
    public void A_closed_channel_shows_the_look_alike_apostrophe_in_its_excerpt_and_names_both_code_points()
    {
        var output = Render(ThroughFrontDoor(SystemPrompt(ApostrophePrompt, CurlyApostrophePrompt), SystemPrompt(ApostrophePrompt, ApostrophePrompt)));

        Assert.Contains(
            "  closed  LookAlike in marked\n"
            + "      POST /v1/messages system[0].text\n"
            + "      change  Today[' → ’]s date is 2026-12-06.\n"
            + $"              {Apostrophe}\n",
            output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_that_reaches_the_upstream_marks_each_date_separator()
    {
        var direct = SystemPrompt(ApostrophePrompt, SlashDatePrompt);

        var output = Render(ThroughFrontDoor(direct, direct));

        Assert.Contains(
            "  still reaches the upstream  Text in marked\n"
            + "      POST /v1/messages system[0].text\n"
            + "      change  Today's date is 2026[- → /]12-06.\n"
            + $"              {Separator}\n"
            + "      change  Today's date is 2026-12[- → /]06.\n"
            + $"              {Separator}\n",
            output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_only_the_front_door_shows_names_its_invisible_character_and_never_prints_it()
    {
        var output = Render(ThroughFrontDoor(SystemPrompt(Agent, Agent), SystemPrompt(Agent, AgentWithZeroWidthSpace)));

        Assert.Contains(
            "  new at the upstream  Invisible in marked POST /v1/messages system[0].text\n"
            + "      change  You are a[ → \\u{200B}] coding agent.\n"
            + "              (none) → U+200B ZERO WIDTH SPACE · invisible\n",
            output,
            StringComparison.Ordinal);
        Assert.DoesNotContain('\u200B', output);
    }

    [Fact]
    public void A_visible_change_shows_its_excerpt_with_controls_and_bidi_overrides_as_code_points()
    {
        var output = Render(Header(HostileHeader, HostileHeader[..^1] + "b"));

        Assert.Contains(
            "  POST /v1/messages header:x-client-note Text · TZ=Asia/Shanghai\n"
            + "    change  \\u{202E}txt.exe\\u{001B}]0;pwned\\u{0007} mode-[a → b]\n"
            + "            U+0061 LATIN SMALL LETTER A → U+0062 LATIN SMALL LETTER B\n",
            output,
            StringComparison.Ordinal);
        TerminalSafety.AssertNothingRaw(output, "probe terminal report");
    }

    [Fact]
    public void Brackets_and_markdown_in_an_excerpt_are_shown_as_written()
    {
        var direct = SystemPrompt(MarkdownPrompt, MarkdownPrompt.Replace('\'', '\u2019'));

        var output = Render(ThroughFrontDoor(direct, SystemPrompt(MarkdownPrompt, MarkdownPrompt)));

        Assert.Contains("      change  |`x`*y*_z_<b>[l](u) it[' → ’]s ok\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_or_request_only_the_variant_has_shows_what_each_side_holds()
    {
        var output = Render(FieldAndRequestInTheVariantOnly());

        Assert.Contains("  POST /api/event_logging/batch (request) Presence · TZ=Asia/Shanghai\n    change  (absent) → present\n", output, StringComparison.Ordinal);
        Assert.Contains("  POST /v1/messages region Presence · TZ=Asia/Shanghai\n    change  (absent) → cn\n", output, StringComparison.Ordinal);
    }

    private static string Render(FrontDoorProbeReport report) => Render(console => ProbeTerminalReport.Render(console, report));

    internal static string Render(ProbeReport report) => Render(console => ProbeTerminalReport.Render(console, report));

    /// <summary>Without colour and wide enough that no line wraps, so lines can be matched whole.</summary>
    private static string Render(Action<IAnsiConsole> render)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 400;
        render(console);
        return output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
