using System.Text.Json;
using System.Text.Json.Nodes;
using Telltale.Policy;
using Telltale.Policy.Export;

namespace Telltale.Tests.Policy.Export;

public sealed class OsvExporterTests
{
    private static readonly OsvExporter Exporter = new(ExportFixtures.GeneratedAt);

    public static TheoryData<string> EntryIds() => [.. ExportFixtures.Policy.Entries.Select(e => e.Id)];

    [Theory]
    [MemberData(nameof(EntryIds))]
    public void Every_record_satisfies_the_official_schema(string id)
    {
        PolicyEntry entry = ExportFixtures.Policy.Entries.Single(e => e.Id == id);

        Assert.Empty(ExportSchemas.Errors(ExportSchemas.Osv, Exporter.Record(entry)));
    }

    [Fact]
    public void Array_holds_one_valid_record_per_entry_in_policy_order()
    {
        var text = new StringWriter();
        Exporter.WriteArray(ExportFixtures.Policy, text);
        using JsonDocument array = JsonDocument.Parse(text.ToString());

        Assert.Equal(ExportFixtures.Policy.Entries.Select(e => OsvExporter.RecordId(e.Id)), array.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.All(array.RootElement.EnumerateArray(), r => Assert.Empty(ExportSchemas.Errors(ExportSchemas.Osv, r)));
    }

    [Fact]
    public void Claude_code_maps_to_a_semver_range_with_purl_builds_and_policy_fields()
    {
        JsonNode record = JsonNode.Parse(Exporter.Record(ExportFixtures.ClaudeCode))!;

        Assert.Equal("1.7.0", (string?)record["schema_version"]);
        Assert.Equal("x_claude-code", (string?)record["id"]);
        Assert.Equal("2026-07-01T00:00:00Z", (string?)record["modified"]);
        Assert.Equal("Claude Code CLI", (string?)record["summary"]);
        Assert.StartsWith("Sends repository contents", (string?)record["details"], StringComparison.Ordinal);
        Assert.Contains("Status: banned, from 2026-07-10 (Europe/Berlin).", (string?)record["details"], StringComparison.Ordinal);
        JsonNode affected = record["affected"]![0]!;
        Assert.Equal("npm", (string?)affected["package"]!["ecosystem"]);
        Assert.Equal("@anthropic-ai/claude-code", (string?)affected["package"]!["name"]);
        Assert.Equal("pkg:npm/%40anthropic-ai/claude-code", (string?)affected["package"]!["purl"]);
        Assert.Equal("""[{"introduced":"2.1.91"},{"fixed":"2.1.198"}]""", affected["ranges"]![0]!["events"]!.ToJsonString());
        Assert.Equal(ExportFixtures.ClaudeLinuxA, (string?)affected["database_specific"]!["native_builds"]![0]!["sha256"]);
        Assert.Equal("EVIDENCE", (string?)record["references"]![0]!["type"]);
        Assert.Equal("https://security.example.org/advisories/claude-code", (string?)record["references"]![0]!["url"]);
        JsonNode specific = record["database_specific"]!;
        Assert.Equal("banned", (string?)specific["status"]);
        Assert.Equal("2026-07-09T22:00:00Z", (string?)specific["effective"]!["enforced_at"]);
        Assert.Equal("npm:@openai/codex", (string?)specific["alternatives"]![0]!["spec"]);
        Assert.Equal(2, specific["evidence"]!.AsArray().Count);
        Assert.Equal("security-team", (string?)specific["decided"]!["by"]);
    }

    [Fact]
    public void An_osv_id_is_kept_and_introduced_zero_is_written_as_given()
    {
        JsonNode record = JsonNode.Parse(Exporter.Record(ExportFixtures.FromOsv))!;

        Assert.Equal("MAL-2026-1", (string?)record["id"]);
        Assert.Equal("2026-07-02T07:30:00Z", (string?)record["modified"]);
        Assert.Equal("""[{"introduced":"0"}]""", record["affected"]![0]!["ranges"]![0]!["events"]!.ToJsonString());
        Assert.Equal("GHSA-abcd-efgh-ijkl", (string?)record["aliases"]![0]);
    }

    [Fact]
    public void Ecosystems_osv_lacks_go_under_database_specific_only()
    {
        JsonNode jetbrains = JsonNode.Parse(Exporter.Record(ExportFixtures.JetBrainsPlugin))!;
        JsonNode native = JsonNode.Parse(Exporter.Record(ExportFixtures.NativeOnly))!;

        Assert.Null(jetbrains["affected"]);
        Assert.Equal("JetBrains", (string?)jetbrains["database_specific"]!["affected_outside_osv"]![0]!["ecosystem"]);
        Assert.Null(native["affected"]);
        Assert.Equal(ExportFixtures.RogueDarwin, (string?)native["database_specific"]!["affected_outside_osv"]![0]!["native_builds"]![0]!["sha256"]);
    }

    [Fact]
    public void Every_version_is_said_as_introduced_zero()
    {
        JsonNode record = JsonNode.Parse(Exporter.Record(ExportFixtures.AllowedCodex))!;

        Assert.Equal("""[{"introduced":"0"}]""", record["affected"]![0]!["ranges"]![0]!["events"]!.ToJsonString());
    }

    [Fact]
    public void Hostile_strings_stay_strings_and_bad_urls_are_not_references()
    {
        string json = Exporter.Record(ExportFixtures.Hostile);
        JsonNode record = JsonNode.Parse(json)!;

        Assert.Equal(ExportFixtures.HostileName, (string?)record["affected"]![0]!["package"]!["name"]);
        Assert.Equal(ExportFixtures.HostileId, (string?)record["database_specific"]!["policy_id"]);
        Assert.Null(record["references"]);
        Assert.DoesNotContain('\u202E', json);
        Assert.DoesNotContain('\u0007', json);
    }

    [Theory]
    [InlineData("claude-code", "x_claude-code")]
    [InlineData("MAL-2026-1", "MAL-2026-1")]
    [InlineData("GHSA-../../etc", "x_GHSA-..-..-etc-")]
    [InlineData("FOO-1", "x_FOO-1")]
    [InlineData("a b", "x_a-b-")]
    public void Record_ids_keep_osv_prefixes_and_are_safe_file_names(string id, string expectedStart)
    {
        string recordId = OsvExporter.RecordId(id);

        Assert.StartsWith(expectedStart, recordId, StringComparison.Ordinal);
        Assert.All(recordId, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));
        Assert.NotEqual(OsvExporter.RecordId("a-b"), OsvExporter.RecordId("a b"));
    }

    [Fact]
    public void Directory_holds_one_file_per_entry_named_by_record_id()
    {
        string directory = Path.Combine(Path.GetTempPath(), "telltale-osv-" + Guid.NewGuid().ToString("N"));
        try
        {
            IReadOnlyList<string> files = Exporter.WriteDirectory(ExportFixtures.Policy, directory);

            Assert.Equal(ExportFixtures.Policy.Entries.Count, Directory.GetFiles(directory).Length);
            Assert.All(files, f => Assert.Equal(directory, Path.GetDirectoryName(f)));
            Assert.Contains(Path.Combine(directory, "MAL-2026-1.json"), files);
            Assert.Equal(Exporter.Record(ExportFixtures.ClaudeCode), File.ReadAllText(Path.Combine(directory, "x_claude-code.json")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Output_is_the_same_every_time()
    {
        Assert.Equal(Exporter.Record(ExportFixtures.ClaudeCode), new OsvExporter(ExportFixtures.GeneratedAt).Record(ExportFixtures.ClaudeCode));
    }

    [Theory]
    [InlineData("modified", "\"2026-13-45T99:99:99Z\"", "format")]
    [InlineData("id", "\"FOO-1\"", "pattern")]
    [InlineData("published", "\"2026-07-01\"", "pattern")]
    public void Validator_rejects_broken_records(string field, string value, string keyword)
    {
        JsonNode record = JsonNode.Parse(Exporter.Record(ExportFixtures.ClaudeCode))!;
        record[field] = JsonNode.Parse(value);

        List<string> errors = ExportSchemas.Errors(ExportSchemas.Osv, record.ToJsonString());

        Assert.Contains(errors, e => e.StartsWith($"/{field}: {keyword}", StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_rejects_an_unknown_ecosystem_and_a_relative_reference()
    {
        JsonNode record = JsonNode.Parse(Exporter.Record(ExportFixtures.ClaudeCode))!;
        record["affected"]![0]!["package"]!["ecosystem"] = "JetBrains";
        record["references"]![0]!["url"] = "not a uri";

        List<string> errors = ExportSchemas.Errors(ExportSchemas.Osv, record.ToJsonString());

        Assert.Contains(errors, e => e.StartsWith("/affected/0/package/ecosystem: pattern", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/references/0/url: format", StringComparison.Ordinal));
    }
}
