using System.Text.Json.Nodes;
using Telltale.Policy;
using Telltale.Policy.Export;

namespace Telltale.Tests.Policy.Export;

public sealed class OpenVexExporterTests
{
    private static readonly OpenVexExporter Exporter = new(ExportFixtures.GeneratedAt) { Author = "ACME Security <security@acme.example>" };

    [Fact]
    public void Document_satisfies_the_official_schema()
    {
        Assert.Empty(ExportSchemas.Errors(ExportSchemas.OpenVex, Exporter.Document(ExportFixtures.Policy)));
    }

    [Fact]
    public void Header_names_context_author_time_and_a_content_id()
    {
        JsonNode document = JsonNode.Parse(Exporter.Document(ExportFixtures.Policy))!;

        Assert.Equal("https://openvex.dev/ns/v0.2.0", (string?)document["@context"]);
        Assert.Matches("^urn:telltale:openvex:[0-9a-f]{64}$", (string?)document["@id"]);
        Assert.Equal("ACME Security <security@acme.example>", (string?)document["author"]);
        Assert.Equal("2026-07-02T07:30:00Z", (string?)document["timestamp"]);
        Assert.Equal(1, (int?)document["version"]);
    }

    [Fact]
    public void Id_is_stable_and_changes_with_the_content()
    {
        string first = (string)JsonNode.Parse(Exporter.Document(ExportFixtures.Policy))!["@id"]!;
        string again = (string)JsonNode.Parse(Exporter.Document(ExportFixtures.Policy))!["@id"]!;
        var fewer = ExportFixtures.Policy with { Entries = [ExportFixtures.ClaudeCode] };
        string other = (string)JsonNode.Parse(Exporter.Document(fewer))!["@id"]!;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal("https://acme.example/vex/1", (string?)JsonNode.Parse(new OpenVexExporter(ExportFixtures.GeneratedAt) { DocumentId = "https://acme.example/vex/1" }.Document(fewer))!["@id"]);
    }

    [Fact]
    public void Banned_entry_is_affected_with_an_action_naming_the_checked_alternative()
    {
        JsonNode statement = Statements(ExportFixtures.ClaudeCode).Single();

        Assert.Equal("claude-code", (string?)statement["vulnerability"]!["name"]);
        Assert.Equal("affected", (string?)statement["status"]);
        Assert.Equal(
            "Remove from 2026-07-10 (Europe/Berlin); use npm:@openai/codex (checked 2026-07-01: no findings, version 0.9.0, scan 9f86d081884c) instead.",
            (string?)statement["action_statement"]);
        string[] purls = [.. statement["products"]!.AsArray().Select(p => (string)p!["identifiers"]!["purl"]!)];
        Assert.Equal(
            [
                "pkg:npm/%40anthropic-ai/claude-code?vers=vers:npm%2F%3E%3D2.1.91%7C%3C2.1.198",
                $"pkg:generic/%40anthropic-ai%2Fclaude-code@2.1.197?checksum=sha256:{ExportFixtures.ClaudeLinuxA}&platform=linux-x64",
                $"pkg:generic/%40anthropic-ai%2Fclaude-code@2.1.150?checksum=sha256:{ExportFixtures.ClaudeLinuxB}&platform=linux-x64",
            ],
            purls);
        Assert.Equal(ExportFixtures.ClaudeLinuxA, (string?)statement["products"]![1]!["hashes"]!["sha-256"]);
    }

    [Fact]
    public void Statuses_follow_the_policy()
    {
        Assert.Equal("affected", (string?)Statements(ExportFixtures.VsCodeExtension).Single()["status"]);
        Assert.Equal("under_investigation", (string?)Statements(ExportFixtures.JetBrainsPlugin).Single()["status"]);
        JsonNode allowed = Statements(ExportFixtures.AllowedCodex).Single();
        Assert.Equal("not_affected", (string?)allowed["status"]);
        Assert.Equal("vulnerable_code_not_present", (string?)allowed["justification"]);
        Assert.Contains(ExportFixtures.CodexScan, (string?)allowed["impact_statement"], StringComparison.Ordinal);
        Assert.Null(allowed["action_statement"]);
    }

    [Fact]
    public void Explicit_versions_become_one_product_each()
    {
        string[] purls = [.. Statements(ExportFixtures.VsCodeExtension).Single()["products"]!.AsArray().Select(p => (string)p!["identifiers"]!["purl"]!)];

        Assert.Equal(["pkg:vscode-extension/evil-pub/evil-ext@1.0.0", "pkg:vscode-extension/evil-pub/evil-ext@1.0.1"], purls);
    }

    [Fact]
    public void Hostile_names_cannot_change_a_purls_structure()
    {
        string[] purls = [.. Statements(ExportFixtures.Hostile).SelectMany(s => s["products"]!.AsArray()).Select(p => (string)p!["identifiers"]!["purl"]!)];

        Assert.Contains("pkg:npm/evil%27%3B%20drop%20table%20npm_packages%3B--%22%07x@1.0.0%27%3B%20--", purls);
        Assert.All(purls, p => Assert.DoesNotContain(' ', p));
        Assert.All(purls, p => Assert.DoesNotContain("/../", p, StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_policy_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Exporter.Document(new PolicyDocument("empty", [], [])));
    }

    [Theory]
    [InlineData("action_statement", null, "required")]
    [InlineData("timestamp", "\"yesterday\"", "format")]
    [InlineData("status", "\"banned\"", "enum")]
    public void Validator_rejects_broken_statements(string field, string? value, string keyword)
    {
        JsonNode document = JsonNode.Parse(Exporter.Document(ExportFixtures.Policy))!;
        JsonObject statement = document["statements"]![0]!.AsObject();
        if (value is null)
        {
            statement.Remove(field);
        }
        else
        {
            statement[field] = JsonNode.Parse(value);
        }

        List<string> errors = ExportSchemas.Errors(ExportSchemas.OpenVex, document.ToJsonString());

        Assert.Contains(errors, e => e.StartsWith("/statements/0", StringComparison.Ordinal) && e.Contains(keyword, StringComparison.Ordinal));
    }

    private static List<JsonNode> Statements(PolicyEntry entry)
    {
        JsonNode document = JsonNode.Parse(Exporter.Document(ExportFixtures.Policy))!;
        return [.. document["statements"]!.AsArray().Select(s => s!).Where(s => (string?)s["vulnerability"]!["name"] == entry.Id)];
    }
}
