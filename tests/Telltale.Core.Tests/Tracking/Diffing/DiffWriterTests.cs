using System.Text.Json;
using Telltale.Findings;
using Telltale.Tracking.Diffing;
using static Telltale.Tests.Tracking.Diffing.DiffFixtures;

namespace Telltale.Tests.Tracking.Diffing;

public sealed class DiffWriterTests
{
    private static ReportDiff Sample() => ReportDiffer.Diff(
        Report("1.0.0", List("domains", 100, ["a.example", "b.example", "c.example"], Severity.High), Fingerprint("HTTPS_PROXY", 10), Obfuscated("goose", 50, Severity.Info, "TT1006")),
        Report("1.1.0", List("domains", 300, ["a.example", "b.example", "d\u202Eexample"], Severity.Critical), Fingerprint("HTTPS_PROXY", 20), Behaviour(5000, ["a.example"])));

    private static string Json(ReportDiff diff)
    {
        using var output = new StringWriter();
        new DiffJsonWriter().Write(diff, output);
        return output.ToString();
    }

    private static string Markdown(ReportDiff diff, bool showInfo = false)
    {
        using var output = new StringWriter();
        new DiffMarkdownWriter(showInfo).Write(diff, output);
        return output.ToString();
    }

    [Fact]
    public void Json_lists_changes_with_exact_entries_and_embeds_findings_in_the_report_shape()
    {
        using var document = JsonDocument.Parse(Json(Sample()));
        var root = document.RootElement;

        Assert.Equal(DiffJsonWriter.SchemaVersion, root.GetProperty("schemaVersion").GetString());
        Assert.Equal("1.0.0", root.GetProperty("old").GetProperty("target").GetProperty("version").GetString());
        var summary = root.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("findings").GetProperty("added").GetInt32());
        Assert.Equal(1, summary.GetProperty("findings").GetProperty("changed").GetInt32());
        Assert.Equal(1, summary.GetProperty("findings").GetProperty("removed").GetInt32());
        Assert.Equal(1, summary.GetProperty("findings").GetProperty("unchanged").GetInt32());
        Assert.Equal("critical", summary.GetProperty("highestNewOrWorse").GetString());

        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        var list = Assert.Single(findings, f => f.GetProperty("change").GetString() == "changed");
        Assert.Equal("high", list.GetProperty("oldSeverity").GetString());
        Assert.Equal("critical", list.GetProperty("severity").GetString());
        Assert.Equal(["d\u202Eexample"], list.GetProperty("itemsAdded").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["c.example"], list.GetProperty("itemsRemoved").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("TT1001", list.GetProperty("new").GetProperty("ruleId").GetString());
        Assert.Equal(300, list.GetProperty("new").GetProperty("location").GetProperty("offset").GetInt64());

        var behaviour = Assert.Single(findings, f => f.GetProperty("change").GetString() == "added");
        Assert.Equal(JsonValueKind.Null, behaviour.GetProperty("old").ValueKind);
        Assert.Equal(2, behaviour.GetProperty("newCapacityBits").GetDouble());
        Assert.Equal("sink", behaviour.GetProperty("new").GetProperty("behaviour").GetProperty("root").GetProperty("kind").GetString());

        var capabilities = root.GetProperty("capabilities").EnumerateArray().ToList();
        Assert.Contains(capabilities, c => c.GetProperty("category").GetString() == "environment-variables" && c.GetProperty("name").GetString() == "ANTHROPIC_BASE_URL" && c.GetProperty("change").GetString() == "added");
        Assert.DoesNotContain(capabilities, c => c.GetProperty("change").GetString() == "unchanged");
    }

    [Fact]
    public void Json_escapes_hidden_characters_and_is_deterministic()
    {
        var diff = Sample();
        var text = Json(diff);

        Assert.Contains("d\\u202Eexample", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', text);
        Assert.Equal(text, Json(diff));
    }

    [Fact]
    public void Markdown_ranks_changes_counts_info_and_lists_capabilities()
    {
        var text = Markdown(Sample());

        Assert.StartsWith("# Telltale diff: @acme/agent 1.0.0 → 1.1.0\n", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("### New critical: Environment fingerprint", StringComparison.Ordinal) < text.IndexOf("### Changed critical: Hidden list of domains", StringComparison.Ordinal));
        Assert.Contains("- **Severity:** high → critical", text, StringComparison.Ordinal);
        Assert.Contains("- **Items removed (1):** `c.example`", text, StringComparison.Ordinal);
        Assert.Contains("`d\\u{202E}example`", text, StringComparison.Ordinal);
        Assert.DoesNotContain("goose", text, StringComparison.Ordinal);
        Assert.Contains("1 info findings are new, changed or gone", text, StringComparison.Ordinal);
        Assert.Contains("### Environment variables", text, StringComparison.Ordinal);
        Assert.Contains("**Behaviour** (2 bits per message)", text, StringComparison.Ordinal);

        Assert.Contains("goose", Markdown(Sample(), showInfo: true), StringComparison.Ordinal);
    }
}
