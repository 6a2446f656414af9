using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tests.Reports;

public sealed partial class MarkdownReportTests
{
    private static string Write(ScanReport report) => GoldenTests.Render(new MarkdownReportWriter(), report);

    [Theory]
    [InlineData("plain", "`plain`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("``x```", "```` ``x``` ````")]
    [InlineData("`start", "`` `start ``")]
    [InlineData(" padded ", "`  padded  `")]
    [InlineData("a|b <i>&amp;</i>", "`a|b <i>&amp;</i>`")]
    [InlineData("line\nbreak", "`line\\nbreak`")]
    [InlineData("rtl\u202Eoverride", "`rtl\\u{202E}override`")]
    [InlineData("", "*(empty)*")]
    public void Code_spans_survive_backticks_and_markup(string text, string expected)
    {
        Assert.Equal(expected, MarkdownText.Code(text));
    }

    [Theory]
    [InlineData("Hidden *list* of [links](x) <b>", "Hidden \\*list\\* of \\[links\\](x) \\<b\\>")]
    [InlineData("a | b & c ~~d~~ `e`", "a \\| b \\& c \\~\\~d\\~\\~ \\`e\\`")]
    [InlineData("two\r\n  lines\n# three", "two lines \\# three")]
    [InlineData("it’s ʼfineʼ 0.1.0", "it’s ʼfineʼ 0.1.0")]
    public void Inline_text_cannot_inject_markdown(string text, string expected)
    {
        Assert.Equal(expected, MarkdownText.Inline(text));
    }

    [Theory]
    [InlineData("# not a heading", "\\# not a heading")]
    [InlineData("- not a list", "\\- not a list")]
    [InlineData("+ not a list", "\\+ not a list")]
    [InlineData("1. not a list", "1\\. not a list")]
    [InlineData("12) not a list", "12\\) not a list")]
    [InlineData("> not a quote", "\\> not a quote")]
    [InlineData("=== not a rule", "\\=== not a rule")]
    [InlineData("    not code", "not code")]
    [InlineData("1.5 is a number", "1.5 is a number")]
    public void Paragraph_text_cannot_start_a_block(string text, string expected)
    {
        Assert.Equal(expected, MarkdownText.Paragraph(text));
    }

    [Fact]
    public void Code_block_fence_outgrows_backtick_runs_in_the_text()
    {
        string block = MarkdownText.Block("a\r\n````\r\nb");

        Assert.Equal("`````text\na\n````\nb\n`````\n", block);
    }

    [Fact]
    public void Sections_follow_severity_highest_first_and_skip_empty_ones()
    {
        string md = Write(ReportFixtures.Sample());

        int critical = md.IndexOf("\n## Critical (1)\n", StringComparison.Ordinal);
        int high = md.IndexOf("\n## High (2)\n", StringComparison.Ordinal);
        int low = md.IndexOf("\n## Low (1)\n", StringComparison.Ordinal);
        int schemes = md.IndexOf("\n## Obfuscation schemes\n", StringComparison.Ordinal);
        Assert.True(critical > 0 && critical < high && high < low && low < schemes, md);
        Assert.DoesNotContain("## Medium", md, StringComparison.Ordinal);
        Assert.DoesNotContain("## Info", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_names_target_and_hash()
    {
        string md = Write(ReportFixtures.Sample());

        Assert.StartsWith("# Telltale report: @acme/left-pad’s\\_twin@1.3.0\n", md, StringComparison.Ordinal);
        Assert.Contains("`9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08`", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Finding_shows_rule_location_and_chain()
    {
        string md = Write(ReportFixtures.Sample());

        Assert.Contains("- **Rule:** `list.hidden`\n", md, StringComparison.Ordinal);
        Assert.Contains("- **Location:** `package/bin/a.tgz!/package/cli.js:12:5`\n", md, StringComparison.Ordinal);
        Assert.Contains("- **Location:** `package/lib/native.node@0x1f2`\n", md, StringComparison.Ordinal);
        Assert.Contains("- **Chain:** base64 → xor 0x5B\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_are_abbreviated_after_twenty()
    {
        string md = Write(ReportFixtures.Sample());

        Assert.Contains("- **Items (23):** `host1.example`, ", md, StringComparison.Ordinal);
        Assert.Contains("`host20.example`, … and 3 more\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain("host21.example", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_line_evidence_goes_in_a_fenced_block_that_contains_it()
    {
        string md = Write(ReportFixtures.Sample());

        // The evidence holds ``` itself, so the fence must be longer, and the bidi override must be visible.
        Assert.Contains("**Evidence:**\n\n````text\nif (process.env.CI)\n  return ‘quiet’ \\u{202E}``` fence\n````\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', md);
    }

    [Fact]
    public void Hostile_text_never_reaches_the_output_as_markup()
    {
        string md = Write(ReportFixtures.Sample());

        // Outside code, every '<' is escaped; inside, it is literal text. The writer's own collapsible wrapper
        // around embedded file tables is the one HTML it writes, and it holds no report text.
        foreach (string line in OutsideCode(md).Where(l => !WriterHtml().IsMatch(l)))
        {
            Assert.DoesNotMatch("(?<!\\\\)<", line);
        }

        Assert.Contains("### Checks for CI \\| sandbox \\`markers\\` \\<b\\>\n", md, StringComparison.Ordinal);
        Assert.Contains("Line one. Line two with \\<b\\>html\\</b\\> \\& pipes \\| here.\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_report_says_so()
    {
        string md = Write(ReportFixtures.Empty());

        Assert.StartsWith("# Telltale report: local-dir\n", md, StringComparison.Ordinal);
        Assert.Contains("| **Total** | **0** |", md, StringComparison.Ordinal);
        Assert.Contains("No findings.", md, StringComparison.Ordinal);
        Assert.EndsWith("## Obfuscation schemes\n\nNone.\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Scheme_section_shows_key_counts_and_samples()
    {
        string md = Write(ReportFixtures.Sample());

        Assert.Contains("### `_$d`\n", md, StringComparison.Ordinal);
        Assert.Contains("- **Key:** `6b3379` (`k3y`)\n", md, StringComparison.Ordinal);
        Assert.Contains("- **Literals:** 1,200 (1,180 decoded, 98.3%)\n", md, StringComparison.Ordinal);
        Assert.Contains("- **Samples:** `https://evil.example/a`, `` `tick` ``, `pipe|here`\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Behaviour_is_a_nested_list_from_the_sink_down()
    {
        string md = Write(ReportFixtures.Sample());
        const string cli = "package/bin/a.tgz!/package/cli.js";

        Assert.Contains("**Behaviour** (2.58 bits per message):\n\n", md, StringComparison.Ordinal);
        Assert.Contains($"\n- **Sink:** user message of an LLM request (POST /v1/messages) at `{cli}:40:3`\n", md, StringComparison.Ordinal);
        Assert.Contains($"\n  - **Carrier:** prompt template \"Today${{…}}s date is ${{…}}.\" at `{cli}:31:9`\n", md, StringComparison.Ordinal);
        Assert.Contains("\n    - **Channel:** apostrophe: ", md, StringComparison.Ordinal);
        Assert.Contains("\n      - **Comparison:** host name of ANTHROPIC\\_BASE\\_URL is on the hidden list at ", md, StringComparison.Ordinal);
        Assert.Contains($"\n        - **Source:** host name of env ANTHROPIC\\_BASE\\_URL at `{cli}:26:11`\n", md, StringComparison.Ordinal);
        Assert.Contains("\n        - **List:** hidden list of 147 domains at ", md, StringComparison.Ordinal);
        Assert.Contains("\n    - **Transform:** date separators ", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Behaviour_steps_show_code_values_and_capability_with_long_lists_cut_at_twenty()
    {
        string md = Write(ReportFixtures.Sample());

        Assert.Contains("\n          - Decoded by: base64 → xor 0x5B\n", md, StringComparison.Ordinal);
        Assert.Contains("\n          - Values (147): `relay1.example.net`, ", md, StringComparison.Ordinal);
        Assert.Contains("`relay20.example.net`, … and 127 more\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain("relay21.example.net", md, StringComparison.Ordinal);
        Assert.Contains("\n          - Capability: `list.hidden:domains`\n", md, StringComparison.Ordinal);

        // The template's backticks need a longer fence; the zero-width variant must be visible.
        Assert.Contains("\n    - Code: `` `Today${q}s date is ${d}.` ``\n", md, StringComparison.Ordinal);
        Assert.Contains("\n      - Values (3): `’`, `ʼ`, `'\\u{200B}`\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain('\u200B', md);
    }

    // Lines of the document that are not inside a fenced code block, with code spans removed.
    [System.Text.RegularExpressions.GeneratedRegex("^(</?details>|<summary>[0-9,]+ files?</summary>)$")]
    private static partial System.Text.RegularExpressions.Regex WriterHtml();

    private static IEnumerable<string> OutsideCode(string md)
    {
        string? fence = null;
        foreach (string line in md.Split('\n'))
        {
            if (fence is null && line.StartsWith("```", StringComparison.Ordinal))
            {
                fence = line[..line.TakeWhile(c => c == '`').Count()];
                continue;
            }

            if (fence is not null)
            {
                if (line == fence)
                {
                    fence = null;
                }

                continue;
            }

            yield return System.Text.RegularExpressions.Regex.Replace(line, "(`+).*?\\1", "");
        }
    }
}
