using Spectre.Console;
using Telltale.Cli.Rendering;
using Telltale.Findings;

namespace Telltale.Tests.Rendering;

public sealed class TerminalReportTests
{
    private const string Path = "package/cli.js";

    /// <summary>Renders without colour and wide enough that no tree line wraps, so lines can be matched whole.</summary>
    private static string Render(ScanReport report)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 240;
        TerminalReport.Render(console, report, showInfo: false);
        return output.ToString();
    }

    private static ScanReport Report(params Finding[] findings) => new()
    {
        ToolVersion = "0.1.0-test",
        Target = new ScanTarget("demo", "1.0.0", "00", "./demo"),
        ScannedAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
        Statistics = new ScanStatistics(),
        Findings = findings,
    };

    private static Finding BehaviourFinding() => new()
    {
        RuleId = "TT2001",
        Title = "Prompt signals the API host",
        Severity = Severity.High,
        Location = new SourceLocation(Path, 40, 3, 900),
        Evidence = new Evidence("`Today${q}s date`"),
        Behaviour = new Behaviour
        {
            CapacityBits = 2,
            Root = new BehaviourStep
            {
                Kind = BehaviourStepKind.Sink,
                Summary = "user message of an LLM request",
                Location = new SourceLocation(Path, 40, 3, 900),
                Children =
                [
                    new BehaviourStep
                    {
                        Kind = BehaviourStepKind.Channel,
                        Summary = "apostrophe: U+2019 RIGHT SINGLE QUOTATION MARK or U+0027 APOSTROPHE + U+200B ZERO WIDTH SPACE",
                        Location = new SourceLocation(Path, 28, 11, 700),
                        Values = ["’", "'\u200B"],
                        Children =
                        [
                            new BehaviourStep
                            {
                                Kind = BehaviourStepKind.Comparison,
                                Summary = "host name of ANTHROPIC_BASE_URL is on the hidden list",
                                Location = new SourceLocation(Path, 27, 15, 650),
                                Children =
                                [
                                    new BehaviourStep
                                    {
                                        Kind = BehaviourStepKind.Source,
                                        Summary = "host name of env ANTHROPIC_BASE_URL",
                                        Location = new SourceLocation(Path, 26, 11, 600),
                                    },
                                    new BehaviourStep
                                    {
                                        Kind = BehaviourStepKind.List,
                                        Summary = "hidden list of 147 domains [decoded]",
                                        Location = new SourceLocation(Path, 12, 5, 96),
                                        Values = [.. Enumerable.Range(1, 147).Select(i => $"relay{i}.example.net")],
                                        DecodeChain = ["base64", "xor 0x5B"],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
        },
    };

    public sealed class TheRenderMethod
    {
        [Fact]
        public void Draws_every_behaviour_step_with_its_kind_summary_and_location()
        {
            var text = Render(Report(BehaviourFinding()));

            Assert.Contains("behaviour · 2 bits per message", text, StringComparison.Ordinal);
            Assert.Contains($"sink user message of an LLM request {Path}:40:3", text, StringComparison.Ordinal);
            Assert.Contains($"comparison host name of ANTHROPIC_BASE_URL is on the hidden list {Path}:27:15", text, StringComparison.Ordinal);
            Assert.Contains($"source host name of env ANTHROPIC_BASE_URL {Path}:26:11", text, StringComparison.Ordinal);

            // Markup characters in a summary are text, not styles.
            Assert.Contains($"list hidden list of 147 domains [decoded] {Path}:12:5", text, StringComparison.Ordinal);
        }

        [Fact]
        public void Nests_steps_below_the_step_that_depends_on_them()
        {
            var lines = Render(Report(BehaviourFinding())).Split('\n');

            int Indent(string start)
            {
                var line = lines.Single(l => l.Contains(start, StringComparison.Ordinal));
                return line.IndexOf(start, StringComparison.Ordinal);
            }

            Assert.True(Indent("sink ") < Indent("channel ") && Indent("channel ") < Indent("comparison "));
            Assert.Equal(Indent("source "), Indent("list hidden"));
        }

        [Fact]
        public void Shows_a_list_s_count_decode_chain_and_first_eight_items()
        {
            var text = Render(Report(BehaviourFinding()));

            Assert.Contains(
                "147 items (decoded: base64 → xor 0x5B): relay1.example.net, relay2.example.net, relay3.example.net, relay4.example.net, "
                + "relay5.example.net, relay6.example.net, relay7.example.net, relay8.example.net … and 139 more",
                text,
                StringComparison.Ordinal);
            Assert.DoesNotContain("relay9.example.net", text, StringComparison.Ordinal);
        }

        [Fact]
        public void Shows_channel_variants_quoted_with_invisible_characters_escaped()
        {
            var text = Render(Report(BehaviourFinding()));

            Assert.Contains("apostrophe: U+2019 RIGHT SINGLE QUOTATION MARK or U+0027 APOSTROPHE + U+200B ZERO WIDTH SPACE", text, StringComparison.Ordinal);
            Assert.Contains("values \"’\" · \"'\\u{200B}\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\u200B', text);
        }

        [Fact]
        public void Draws_no_tree_for_findings_without_a_behaviour()
        {
            var plain = BehaviourFinding() with { Behaviour = null };

            var text = Render(Report(plain));

            Assert.Contains("Prompt signals the API host", text, StringComparison.Ordinal);
            Assert.DoesNotContain("behaviour", text, StringComparison.Ordinal);
        }
    }
}
