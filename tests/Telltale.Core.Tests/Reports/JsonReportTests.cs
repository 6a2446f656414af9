using System.Text;
using System.Text.Json;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tests.Reports;

public sealed class JsonReportTests
{
    private static string Write(ScanReport report) => GoldenTests.Render(new JsonReportWriter(), report);

    [Fact]
    public void Round_trip_preserves_the_report()
    {
        ScanReport original = ReportFixtures.Sample();

        ScanReport read = JsonReportReader.Read(Write(original));

        // Records hold lists by reference, so compare the rendering and then the fields that matter.
        Assert.Equal(Write(original), Write(read));
        Assert.Equal(original.Target, read.Target);
        Assert.Equal(original.ScannedAt, read.ScannedAt);
        Assert.Equal(original.ScannedAt.Offset, read.ScannedAt.Offset);
        Assert.Equal(original.ToolVersion, read.ToolVersion);
        Assert.Equal(original.Statistics, read.Statistics);

        Finding critical = Assert.Single(read.Findings, f => f.Severity == Severity.Critical);
        Finding source = original.Findings[1];
        Assert.Equal(source.Location, critical.Location);
        Assert.Equal(source.Evidence.Text, critical.Evidence.Text);
        Assert.Equal(source.Evidence.Decoded, critical.Evidence.Decoded);
        Assert.Equal(source.Evidence.Chain, critical.Evidence.Chain);
        Assert.Equal(source.Items, critical.Items);
        Assert.Equal(source.Capabilities, critical.Capabilities);
        Assert.Equal(source.Confidence, critical.Confidence);
        Assert.Equal(source.Description, critical.Description);

        ObfuscationScheme scheme = Assert.Single(read.Schemes);
        Assert.Equal(original.Schemes[0].Chain, scheme.Chain);
        Assert.Equal(original.Schemes[0].Samples, scheme.Samples);
        Assert.Equal(original.Schemes[0] with { Chain = scheme.Chain, Samples = scheme.Samples }, scheme);
    }

    [Fact]
    public void Round_trip_of_empty_report_keeps_null_version()
    {
        ScanReport read = JsonReportReader.Read(Write(ReportFixtures.Empty()));

        Assert.Null(read.Target.Version);
        Assert.Empty(read.Findings);
        Assert.Null(read.HighestSeverity);
        Assert.Equal(Write(ReportFixtures.Empty()), Write(read));
    }

    [Fact]
    public void Round_trip_keeps_hostile_strings_exact()
    {
        const string nasty = "a\"b\\c\u0000\u001f\u007f\u2028\u202E\u200B\uFE0F’ʼ😀\r\n\t</script>";
        ScanReport report = ReportFixtures.With(ReportFixtures.Finding(evidence: new Evidence(nasty, nasty, [nasty])));

        Finding read = Assert.Single(JsonReportReader.Read(Write(report)).Findings);

        Assert.Equal(nasty, read.Evidence.Text);
        Assert.Equal(nasty, read.Evidence.Decoded);
        Assert.Equal(nasty, Assert.Single(read.Evidence.Chain));
    }

    [Fact]
    public void Reads_from_a_utf8_stream()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Write(ReportFixtures.Sample())));

        Assert.Equal(4, JsonReportReader.Read(stream).Findings.Count);
    }

    [Fact]
    public void Strings_escape_invisible_characters_but_keep_readable_ones()
    {
        string json = Write(ReportFixtures.With(ReportFixtures.Finding(evidence: new Evidence("it’s ʼx\u202E\u200B\u00A0😀\uD800"))));

        Assert.Contains("\"text\": \"it’s ʼx\\u202E\\u200B\\u00A0😀\\uFFFD\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', json);
    }

    [Fact]
    public void Findings_are_ordered_by_severity_then_path_then_offset()
    {
        ScanReport report = ReportFixtures.With(
            ReportFixtures.Finding("r1", Severity.Low, "b.js", 5),
            ReportFixtures.Finding("r2", Severity.High, "b.js", 9),
            ReportFixtures.Finding("r3", Severity.High, "a.js", 50),
            ReportFixtures.Finding("r4", Severity.High, "b.js", 2),
            ReportFixtures.Finding("r5", Severity.Critical, "z.js", 0));

        using JsonDocument json = JsonDocument.Parse(Write(report));
        IEnumerable<string?> order = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("ruleId").GetString());

        Assert.Equal(["r5", "r3", "r4", "r2", "r1"], order);
    }

    [Fact]
    public void Summary_counts_by_severity_and_names_the_highest()
    {
        using JsonDocument json = JsonDocument.Parse(Write(ReportFixtures.Sample()));
        JsonElement summary = json.RootElement.GetProperty("summary");

        Assert.Equal(4, summary.GetProperty("total").GetInt32());
        Assert.Equal("critical", summary.GetProperty("highest").GetString());
        Assert.Equal(
            ["critical", "high", "medium", "low", "info"],
            summary.GetProperty("bySeverity").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, summary.GetProperty("bySeverity").GetProperty("medium").GetInt32());

        using JsonDocument empty = JsonDocument.Parse(Write(ReportFixtures.Empty()));
        Assert.Equal(JsonValueKind.Null, empty.RootElement.GetProperty("summary").GetProperty("highest").ValueKind);
    }

    [Fact]
    public void Reader_accepts_newer_minor_versions_and_unknown_fields()
    {
        string written = Write(ReportFixtures.Sample());
        string version = $"\"schemaVersion\": \"{JsonReportWriter.SchemaVersion}\"";
        Assert.Contains(version, written, StringComparison.Ordinal);
        string json = written.Replace(version, "\"schemaVersion\": \"1.99\", \"futureField\": {\"x\": [1]}", StringComparison.Ordinal);

        Assert.Equal(4, JsonReportReader.Read(json).Findings.Count);
    }

    [Fact]
    public void Reader_fills_defaults_for_missing_optional_fields()
    {
        const string json = """
            {
              "schemaVersion": "1.0",
              "tool": { "version": "0.1" },
              "target": { "name": "x", "sha256": "00", "source": "x.tgz" },
              "scannedAt": "2025-03-01T00:00:00Z",
              "findings": [
                { "ruleId": "r", "severity": "info", "title": "t", "location": { "path": "p" }, "evidence": { "text": "e" } }
              ]
            }
            """;

        ScanReport report = JsonReportReader.Read(json);

        Finding finding = Assert.Single(report.Findings);
        Assert.Equal(1.0, finding.Confidence);
        Assert.Equal("", finding.Description);
        Assert.Empty(finding.Items);
        Assert.Empty(finding.Evidence.Chain);
        Assert.Null(finding.Evidence.Decoded);
        Assert.Null(finding.Behaviour);
        Assert.Empty(report.Schemes);
        Assert.Equal(new ScanStatistics(), report.Statistics);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\": \"2.0\"}")]
    [InlineData("{\"schemaVersion\": \"10.0\"}")]
    public void Reader_rejects_unreadable_input(string json)
    {
        Assert.Throws<InvalidDataException>(() => JsonReportReader.Read(json));
    }

    [Theory]
    [InlineData("\"severity\": \"critical\"", "\"severity\": \"severe\"", "severity")]
    [InlineData("\"severity\": \"critical\"", "\"severity\": \"Critical\"", "severity")]
    [InlineData("\"ruleId\": \"list.hidden\",", "", "ruleId")]
    [InlineData("\"offset\": 4096", "\"offset\": \"4096\"", "offset")]
    [InlineData("\"scannedAt\": \"2025-03-01T12:30:45+00:00\"", "\"scannedAt\": \"yesterday\"", "scannedAt")]
    [InlineData("\"kind\": \"sink\"", "\"kind\": \"Sink\"", "behaviour.root.kind")]
    [InlineData("\"kind\": \"list\"", "\"kind\": \"hidden-list\"", "children[0].children[0].children[1].kind")]
    [InlineData("\"capacityBits\": 2.584962500721156", "\"capacityBits\": \"2.58\"", "capacityBits")]
    [InlineData("\"summary\": \"time zone\",", "", "summary")]
    public void Reader_names_the_bad_field(string find, string replace, string field)
    {
        string json = Write(ReportFixtures.Sample());
        Assert.Contains(find, json, StringComparison.Ordinal);

        InvalidDataException error = Assert.Throws<InvalidDataException>(
            () => JsonReportReader.Read(json.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_takes_a_time_without_offset_as_utc()
    {
        string json = Write(ReportFixtures.Sample())
            .Replace("2025-03-01T12:30:45+00:00", "2025-03-01T12:30:45", StringComparison.Ordinal);

        Assert.Equal(TimeSpan.Zero, JsonReportReader.Read(json).ScannedAt.Offset);
    }

    [Fact]
    public void Non_finite_confidence_is_refused_rather_than_written_as_invalid_json()
    {
        ScanReport report = ReportFixtures.With(ReportFixtures.Finding() with { Confidence = double.NaN });

        Assert.Throws<ArgumentOutOfRangeException>(() => Write(report));
    }

    [Fact]
    public void Round_trip_preserves_the_behaviour_tree()
    {
        Behaviour original = ReportFixtures.SampleBehaviour();

        Finding read = Assert.Single(
            JsonReportReader.Read(Write(ReportFixtures.Sample())).Findings,
            f => f.RuleId == "TT2001");

        Behaviour behaviour = Assert.IsType<Behaviour>(read.Behaviour);
        Assert.Equal(original.CapacityBits, behaviour.CapacityBits);
        AssertSameStep(original.Root, behaviour.Root);
        Assert.Equal(3, behaviour.Chains().Count);
    }

    [Fact]
    public void Findings_without_a_behaviour_write_null_and_read_back_as_null()
    {
        string written = Write(ReportFixtures.Sample());
        using JsonDocument json = JsonDocument.Parse(written);

        List<JsonElement> findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(3, findings.Count(f => f.GetProperty("behaviour").ValueKind == JsonValueKind.Null));
        Assert.Equal(3, JsonReportReader.Read(written).Findings.Count(f => f.Behaviour is null));
    }

    [Fact]
    public void Behaviour_lists_every_value_and_names_kinds_in_lower_case()
    {
        using JsonDocument json = JsonDocument.Parse(Write(ReportFixtures.Sample()));
        JsonElement root = json.RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("ruleId").GetString() == "TT2001")
            .GetProperty("behaviour").GetProperty("root");

        Assert.Equal("sink", root.GetProperty("kind").GetString());
        JsonElement comparison = root.GetProperty("children")[0].GetProperty("children")[0].GetProperty("children")[0];
        Assert.Equal("comparison", comparison.GetProperty("kind").GetString());
        JsonElement list = comparison.GetProperty("children")[1];
        Assert.Equal("list", list.GetProperty("kind").GetString());
        Assert.Equal(147, list.GetProperty("values").GetArrayLength());
        Assert.Equal(["base64", "xor 0x5B"], list.GetProperty("decodeChain").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, comparison.GetProperty("capability").ValueKind);
    }

    [Theory]
    [InlineData(BehaviourStepKind.Source, "source")]
    [InlineData(BehaviourStepKind.Comparison, "comparison")]
    [InlineData(BehaviourStepKind.List, "list")]
    [InlineData(BehaviourStepKind.Channel, "channel")]
    [InlineData(BehaviourStepKind.Transform, "transform")]
    [InlineData(BehaviourStepKind.Carrier, "carrier")]
    [InlineData(BehaviourStepKind.Sink, "sink")]
    public void Every_step_kind_round_trips_under_its_name(BehaviourStepKind kind, string name)
    {
        var behaviour = new Behaviour
        {
            Root = new BehaviourStep { Kind = kind, Summary = "s", Location = new SourceLocation("a.js", 1, 1, 0) },
        };
        string json = Write(ReportFixtures.With(ReportFixtures.Finding() with { Behaviour = behaviour }));

        Assert.Contains($"\"kind\": \"{name}\"", json, StringComparison.Ordinal);
        Assert.Equal(kind, Assert.Single(JsonReportReader.Read(json).Findings).Behaviour!.Root.Kind);
    }

    [Fact]
    public void Reader_fills_defaults_for_missing_optional_step_fields()
    {
        const string json = """
            {
              "schemaVersion": "1.1",
              "tool": { "version": "0.1" },
              "target": { "name": "x", "sha256": "00", "source": "x.tgz" },
              "scannedAt": "2025-03-01T00:00:00Z",
              "findings": [
                {
                  "ruleId": "TT2001", "severity": "high", "title": "t", "location": { "path": "p" }, "evidence": { "text": "e" },
                  "behaviour": { "root": { "kind": "sink", "summary": "out", "location": { "path": "p", "line": 2 } } }
                }
              ]
            }
            """;

        Behaviour behaviour = Assert.Single(JsonReportReader.Read(json).Findings).Behaviour!;

        Assert.Equal(0, behaviour.CapacityBits);
        Assert.Equal(BehaviourStepKind.Sink, behaviour.Root.Kind);
        Assert.Equal(new SourceLocation("p", 2, 0, 0), behaviour.Root.Location);
        Assert.Equal("", behaviour.Root.Excerpt);
        Assert.Empty(behaviour.Root.Values);
        Assert.Empty(behaviour.Root.DecodeChain);
        Assert.Null(behaviour.Root.Capability);
        Assert.Empty(behaviour.Root.Children);
    }

    [Fact]
    public void Round_trip_keeps_a_behaviour_tree_deeper_than_the_default_json_depth()
    {
        var location = new SourceLocation("a.js", 1, 1, 0);
        var step = new BehaviourStep { Kind = BehaviourStepKind.Source, Summary = "leaf", Location = location };
        for (int i = 0; i < 100; i++)
        {
            step = new BehaviourStep { Kind = BehaviourStepKind.Transform, Summary = $"t{i}", Location = location, Children = [step] };
        }

        string json = Write(ReportFixtures.With(ReportFixtures.Finding() with { Behaviour = new Behaviour { Root = step } }));
        Behaviour read = Assert.Single(JsonReportReader.Read(json).Findings).Behaviour!;

        Assert.Equal(101, read.Steps().Count());
        Assert.Equal("leaf", Assert.Single(read.Chains())[0].Summary);
    }

    [Fact]
    public void Non_finite_capacity_is_refused()
    {
        var behaviour = ReportFixtures.SampleBehaviour() with { CapacityBits = double.PositiveInfinity };

        Assert.Throws<ArgumentOutOfRangeException>(() => Write(ReportFixtures.With(ReportFixtures.Finding() with { Behaviour = behaviour })));
    }

    // Records compare lists by reference, so walk the tree and compare field by field.
    private static void AssertSameStep(BehaviourStep expected, BehaviourStep actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.Location, actual.Location);
        Assert.Equal(expected.Excerpt, actual.Excerpt);
        Assert.Equal(expected.Values, actual.Values);
        Assert.Equal(expected.DecodeChain, actual.DecodeChain);
        Assert.Equal(expected.Capability, actual.Capability);
        Assert.Equal(expected.Children.Count, actual.Children.Count);
        for (int i = 0; i < expected.Children.Count; i++)
        {
            AssertSameStep(expected.Children[i], actual.Children[i]);
        }
    }
}
