using System.Text.Json;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tests.Reports;

public sealed class SarifReportTests
{
    private static JsonDocument Write(ScanReport report) =>
        JsonDocument.Parse(GoldenTests.Render(new SarifReportWriter(), report));

    private static JsonElement Run(JsonDocument sarif) => sarif.RootElement.GetProperty("runs")[0];

    [Fact]
    public void Declares_sarif_2_1_0_with_one_run()
    {
        using JsonDocument sarif = Write(ReportFixtures.Sample());

        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", sarif.RootElement.GetProperty("$schema").GetString());
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        JsonElement driver = Assert.Single(sarif.RootElement.GetProperty("runs").EnumerateArray()).GetProperty("tool").GetProperty("driver");
        Assert.Equal("Telltale", driver.GetProperty("name").GetString());
        Assert.Equal("0.1.0-test", driver.GetProperty("version").GetString());
        Assert.True(Uri.IsWellFormedUriString(driver.GetProperty("informationUri").GetString(), UriKind.Absolute));
    }

    [Theory]
    [InlineData(Severity.Critical, "error")]
    [InlineData(Severity.High, "error")]
    [InlineData(Severity.Medium, "warning")]
    [InlineData(Severity.Low, "note")]
    [InlineData(Severity.Info, "note")]
    public void Severity_maps_to_level(Severity severity, string level)
    {
        using JsonDocument sarif = Write(ReportFixtures.With(ReportFixtures.Finding(severity: severity)));
        JsonElement run = Run(sarif);

        JsonElement result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal(level, result.GetProperty("level").GetString());
        Assert.Equal(severity.ToName(), result.GetProperty("properties").GetProperty("severity").GetString());
        Assert.Equal(level, run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0]
            .GetProperty("defaultConfiguration").GetProperty("level").GetString());
    }

    [Fact]
    public void Rules_are_distinct_and_every_rule_index_points_at_its_rule()
    {
        using JsonDocument sarif = Write(ReportFixtures.With(
            ReportFixtures.Finding("b.rule", Severity.Low),
            ReportFixtures.Finding("a.rule", Severity.High),
            ReportFixtures.Finding("b.rule", Severity.Critical, offset: 10),
            ReportFixtures.Finding("c.rule", Severity.Info)));
        JsonElement run = Run(sarif);

        List<string?> ruleIds = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(["a.rule", "b.rule", "c.rule"], ruleIds);

        List<JsonElement> results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(4, results.Count);
        Assert.All(results, r =>
            Assert.Equal(r.GetProperty("ruleId").GetString(), ruleIds[r.GetProperty("ruleIndex").GetInt32()]));

        // The rule's default level follows its most severe finding.
        Assert.Equal("error", run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[1]
            .GetProperty("defaultConfiguration").GetProperty("level").GetString());
    }

    [Fact]
    public void Code_flow_appears_only_with_a_decode_chain_or_a_behaviour()
    {
        using JsonDocument sarif = Write(ReportFixtures.Sample());
        List<JsonElement> results = Run(sarif).GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(
            ["list.hidden", "TT2001"],
            results.Where(r => r.TryGetProperty("codeFlows", out _)).Select(r => r.GetProperty("ruleId").GetString()));
        JsonElement chained = results.Single(r => r.GetProperty("ruleId").GetString() == "list.hidden");

        List<string?> steps = chained.GetProperty("codeFlows")[0].GetProperty("threadFlows")[0].GetProperty("locations")
            .EnumerateArray()
            .Select(s => s.GetProperty("location").GetProperty("message").GetProperty("text").GetString())
            .ToList();
        Assert.Equal(3, steps.Count);
        Assert.Equal("literal \"_$d(\\\"Pj0+`|`PA==\\\")\"", steps[0]);
        Assert.Equal("base64", steps[1]);
        Assert.StartsWith("xor 0x5B → \"evil.example|`cmd`|<script>alert(1)</script>\\nsecond ʼlineʼ\"", steps[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Code_flow_steps_point_at_the_literal_and_shorten_long_text()
    {
        string longText = new('x', 500);
        using JsonDocument sarif = Write(ReportFixtures.With(
            ReportFixtures.Finding(evidence: new Evidence(longText, "done", ["base64"]))));
        JsonElement result = Run(sarif).GetProperty("results")[0];

        JsonElement steps = result.GetProperty("codeFlows")[0].GetProperty("threadFlows")[0].GetProperty("locations");
        string first = steps[0].GetProperty("location").GetProperty("message").GetProperty("text").GetString()!;
        Assert.True(first.Length < 100, first);
        Assert.EndsWith("…\"", first, StringComparison.Ordinal);
        Assert.All(steps.EnumerateArray(), s => Assert.Equal(
            "package/index.js",
            s.GetProperty("location").GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()));
    }

    [Fact]
    public void Region_omits_line_and_column_for_binary_entries()
    {
        using JsonDocument sarif = Write(ReportFixtures.Sample());
        JsonElement binary = Run(sarif).GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("level").GetString() == "error" && r.GetProperty("ruleId").GetString() == "env.fingerprint");

        JsonElement region = binary.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.False(region.TryGetProperty("startLine", out _));
        Assert.False(region.TryGetProperty("startColumn", out _));
        Assert.Equal(0x1f2, region.GetProperty("byteOffset").GetInt64());
        Assert.Equal(8, region.GetProperty("byteLength").GetInt32());
    }

    [Theory]
    [InlineData("package/bin/a.tgz!/package/cli.js", "package/bin/a.tgz!/package/cli.js")]
    [InlineData("package/my file#1?.js", "package/my%20file%231%3F.js")]
    [InlineData("package/100%.js", "package/100%25.js")]
    [InlineData("package/naïve’s.js", "package/na%C3%AFve%E2%80%99s.js")]
    [InlineData("c:/x.js", "c%3A/x.js")]
    [InlineData("//host/x.js", "%2F%2Fhost/x.js")]
    [InlineData("a\\b[1].js", "a%5Cb%5B1%5D.js")]
    public void Uris_are_relative_references(string path, string uri)
    {
        Assert.Equal(uri, SarifReportWriter.ToUriReference(path));
        Assert.True(Uri.IsWellFormedUriString(uri, UriKind.Relative), uri);
    }

    [Fact]
    public void Fingerprint_ignores_position_but_not_evidence()
    {
        Finding finding = ReportFixtures.Sample().Findings[1];
        string fingerprint = SarifReportWriter.Fingerprint(finding);

        Assert.Equal(fingerprint, SarifReportWriter.Fingerprint(finding with { Location = finding.Location with { Offset = 1, Line = 99 } }));
        Assert.NotEqual(fingerprint, SarifReportWriter.Fingerprint(finding with { Evidence = finding.Evidence with { Decoded = "other" } }));
        Assert.NotEqual(fingerprint, SarifReportWriter.Fingerprint(finding with { RuleId = "other" }));
        Assert.NotEqual(fingerprint, SarifReportWriter.Fingerprint(finding with { Location = finding.Location with { Path = "x.js" } }));
        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
    }

    [Fact]
    public void Information_uri_can_be_overridden_but_must_be_absolute()
    {
        using JsonDocument sarif = JsonDocument.Parse(GoldenTests.Render(
            new SarifReportWriter(new Uri("https://example.org/telltale")), ReportFixtures.Empty()));

        Assert.Equal("https://example.org/telltale", Run(sarif).GetProperty("tool").GetProperty("driver").GetProperty("informationUri").GetString());
        Assert.Throws<ArgumentException>(() => new SarifReportWriter(new Uri("docs/x", UriKind.Relative)));
    }

    [Fact]
    public void Schemes_and_target_go_in_run_properties()
    {
        using JsonDocument sarif = Write(ReportFixtures.Sample());
        JsonElement properties = Run(sarif).GetProperty("properties");

        JsonElement scheme = Assert.Single(properties.GetProperty("schemes").EnumerateArray());
        Assert.Equal("_$d", scheme.GetProperty("callee").GetString());
        Assert.Equal("6b3379", scheme.GetProperty("keyHex").GetString());
        Assert.Equal("1.3.0", properties.GetProperty("target").GetProperty("version").GetString());
    }

    [Fact]
    public void Result_properties_carry_the_finding_details()
    {
        using JsonDocument sarif = Write(ReportFixtures.Sample());
        JsonElement properties = Run(sarif).GetProperty("results")[0].GetProperty("properties");

        Assert.Equal("critical", properties.GetProperty("severity").GetString());
        Assert.Equal(0.95, properties.GetProperty("confidence").GetDouble());
        Assert.Equal(["base64", "xor 0x5B"], properties.GetProperty("chain").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(23, properties.GetProperty("items").GetArrayLength());
        Assert.Equal(2, properties.GetProperty("capabilities").GetArrayLength());
        Assert.StartsWith("evil.example", properties.GetProperty("decoded").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Behaviour_gives_one_thread_flow_per_chain_leaf_first()
    {
        SourceLocation At(int line) => new("package/index.js", line, 1, line * 10, 5);
        var behaviour = new Behaviour
        {
            Root = new BehaviourStep
            {
                Kind = BehaviourStepKind.Sink,
                Summary = "request header",
                Location = At(9),
                Children =
                [
                    new BehaviourStep
                    {
                        Kind = BehaviourStepKind.Comparison,
                        Summary = "host is listed",
                        Location = At(5),
                        Children =
                        [
                            new BehaviourStep { Kind = BehaviourStepKind.Source, Summary = "host name", Location = At(2) },
                            new BehaviourStep { Kind = BehaviourStepKind.List, Summary = "hidden list", Location = At(1), Excerpt = "L=\"…\"" },
                        ],
                    },
                ],
            },
        };

        // A decode chain on the evidence would be a flow of its own; behaviour findings show only their chains.
        Finding finding = ReportFixtures.Finding(evidence: new Evidence("x", "y", ["base64"])) with { Behaviour = behaviour };
        using JsonDocument sarif = Write(ReportFixtures.With(finding));
        JsonElement codeFlows = Run(sarif).GetProperty("results")[0].GetProperty("codeFlows");

        List<JsonElement> threadFlows = codeFlows.EnumerateArray().SelectMany(c => c.GetProperty("threadFlows").EnumerateArray()).ToList();
        Assert.Equal(2, threadFlows.Count);
        Assert.All(codeFlows.EnumerateArray(), c => Assert.Single(c.GetProperty("threadFlows").EnumerateArray()));
        Assert.Equal(["host name", "host is listed", "request header"], Messages(threadFlows[0]));
        Assert.Equal(["hidden list", "host is listed", "request header"], Messages(threadFlows[1]));
        Assert.Equal([2, 5, 9], threadFlows[0].GetProperty("locations").EnumerateArray().Select(l =>
            l.GetProperty("location").GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()));

        List<JsonElement> steps = threadFlows[1].GetProperty("locations").EnumerateArray().ToList();
        Assert.Equal(["list"], steps[0].GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["comparison", "branch"], steps[1].GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["sink"], steps[2].GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("L=\"…\"", steps[0].GetProperty("location").GetProperty("physicalLocation").GetProperty("region")
            .GetProperty("snippet").GetProperty("text").GetString());
        Assert.False(steps[1].GetProperty("location").GetProperty("physicalLocation").GetProperty("region").TryGetProperty("snippet", out _));
    }

    [Fact]
    public void Behaviour_capacity_and_step_capabilities_go_in_result_properties()
    {
        using JsonDocument sarif = Write(ReportFixtures.Sample());
        List<JsonElement> results = Run(sarif).GetProperty("results").EnumerateArray().ToList();
        JsonElement properties = results.Single(r => r.GetProperty("ruleId").GetString() == "TT2001").GetProperty("properties");

        Assert.Equal(2.584962500721156, properties.GetProperty("capacityBits").GetDouble());
        Assert.Equal(
            ["net.llm:anthropic", "env.read:ANTHROPIC_BASE_URL", "list.hidden:domains", "env.read:timezone"],
            properties.GetProperty("behaviourCapabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.All(
            results.Where(r => r.GetProperty("ruleId").GetString() != "TT2001"),
            r => Assert.False(r.GetProperty("properties").TryGetProperty("capacityBits", out _)));
    }

    private static List<string?> Messages(JsonElement threadFlow) =>
        threadFlow.GetProperty("locations").EnumerateArray()
            .Select(l => l.GetProperty("location").GetProperty("message").GetProperty("text").GetString())
            .ToList();
}
