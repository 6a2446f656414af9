using Telltale.Probing.Reports;
using static Telltale.Tests.Probing.Reports.ProbeReports;

namespace Telltale.Tests.Probing.Reports;

public sealed class ProbeMarkdownWriterTests
{
    private const string Apostrophe = "U+0027 APOSTROPHE → U+2019 RIGHT SINGLE QUOTATION MARK · look-alike";
    private const string Separator = "U+002D HYPHEN-MINUS → U+002F SOLIDUS";

    [Fact]
    public void A_closed_channel_shows_the_look_alike_apostrophe_in_its_excerpt_and_names_both_code_points()
    {
        var report = ThroughFrontDoor(SystemPrompt(ApostrophePrompt, CurlyApostrophePrompt), SystemPrompt(ApostrophePrompt, ApostrophePrompt));

        var md = ProbeMarkdownWriter.Write(report);

        Assert.Contains($"| POST /v1/messages · `system[0].text` | LookAlike | marked | `Today[' → ’]s date is 2026-12-06.` — {Apostrophe} | closed |\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_that_reaches_the_upstream_marks_each_date_separator_in_its_table_cell()
    {
        var direct = SystemPrompt(ApostrophePrompt, SlashDatePrompt);
        var report = ThroughFrontDoor(direct, direct);

        var md = ProbeMarkdownWriter.Write(report);

        Assert.Contains(
            $"| Text | marked | `Today's date is 2026[- → /]12-06.` — {Separator}; `Today's date is 2026-12[- → /]06.` — {Separator} | **still reaches the upstream** |\n",
            md,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_only_the_front_door_shows_is_listed_with_its_invisible_character_as_a_code_point()
    {
        var report = ThroughFrontDoor(SystemPrompt(Agent, Agent), SystemPrompt(Agent, AgentWithZeroWidthSpace));

        var md = ProbeMarkdownWriter.Write(report);

        Assert.Contains(
            "## Channels at the upstream that the direct probe did not show (1)\n\n"
            + "- POST /v1/messages `system[0].text` Invisible in 1 variant(s) · TZ=Asia/Shanghai\n"
            + "  - `You are a[ → \\u{200B}] coding agent.` — (none) → U+200B ZERO WIDTH SPACE · invisible\n",
            md,
            StringComparison.Ordinal);
        Assert.DoesNotContain('\u200B', md);
    }

    [Fact]
    public void A_visible_change_shows_its_excerpt_with_controls_and_bidi_overrides_as_code_points()
    {
        var md = ProbeMarkdownWriter.Write(Header(HostileHeader, HostileHeader[..^1] + "b"));

        Assert.Contains(
            "- POST /v1/messages `header:x-client-note` Text in 1 variant(s) · TZ=Asia/Shanghai\n"
            + "  - `\\u{202E}txt.exe\\u{001B}]0;pwned\\u{0007} mode-[a → b]` — U+0061 LATIN SMALL LETTER A → U+0062 LATIN SMALL LETTER B\n",
            md,
            StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', md);
        Assert.DoesNotContain('\u001B', md);
        Assert.DoesNotContain('\u0007', md);
    }

    [Fact]
    public void Markdown_in_an_excerpt_stays_code_and_keeps_the_table_row_in_its_cells()
    {
        var direct = SystemPrompt(MarkdownPrompt, MarkdownPrompt.Replace('\'', '\u2019'));
        var report = ThroughFrontDoor(direct, SystemPrompt(MarkdownPrompt, MarkdownPrompt));

        var md = ProbeMarkdownWriter.Write(report);

        Assert.Contains($"| marked | ``\\|`x`*y*_z_<b>[l](u) it[' → ’]s ok`` — {Apostrophe} | closed |\n", md, StringComparison.Ordinal);
        Assert.Contains($"\n- ``|`x`*y*_z_<b>[l](u) it[' → ’]s ok`` — {Apostrophe}\n", md, StringComparison.Ordinal);
        var row = md.Split('\n').Single(line => line.StartsWith("| POST /v1/messages · `system[0].text` |", StringComparison.Ordinal));
        Assert.Equal(6, UnescapedPipes(row));
    }

    [Fact]
    public void A_field_or_request_only_the_variant_has_shows_what_each_side_holds()
    {
        var md = ProbeMarkdownWriter.Write(FieldAndRequestInTheVariantOnly());

        Assert.Contains("- POST /api/event\\_logging/batch `(request)` Presence in 1 variant(s) · TZ=Asia/Shanghai\n  - `(absent) → present`\n", md, StringComparison.Ordinal);
        Assert.Contains("- POST /v1/messages `region` Presence in 1 variant(s) · TZ=Asia/Shanghai\n  - `(absent) → cn`\n", md, StringComparison.Ordinal);
    }

    private static int UnescapedPipes(string line) => line.Where((c, i) => c == '|' && (i == 0 || line[i - 1] != '\\')).Count();
}
