using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Telltale.Findings;
using Telltale.Inventory;
using Telltale.Reports;

namespace Telltale.Tests;

/// <summary>The documents the tests send: a report, an inventory holding claude-code 2.1.91, and policies.</summary>
internal static class Fixtures
{
    public const string ClaudeCode = "@anthropic-ai/claude-code";

    /// <summary>Bans claude-code from 2.1.91 (fixed 2.1.198) since 2026-07-10: in the past for any run of these tests.</summary>
    public const string BanPolicy = """
        schema_version: "1"
        name: ACME high-risk software
        entries:
          - id: ACME-2026-001
            title: Claude Code changes its prompt by API host and time zone
            status: banned
            effective: { date: 2026-07-10, time_zone: Europe/Berlin }
            reason: Hidden lists of hosts and time zones select look-alike characters in the prompt.
            affected:
              - package: { ecosystem: npm, name: "@anthropic-ai/claude-code" }
                ranges:
                  - type: SEMVER
                    events: [ { introduced: "2.1.91" }, { fixed: "2.1.198" } ]
            alternatives:
              - spec: npm:@openai/codex
        """;

    /// <summary>The same policy with a field the loader does not know in its entry.</summary>
    public static string PolicyWithUnknownField => BanPolicy.Replace("    status: banned\n", "    status: banned\n    colour: red\n", StringComparison.Ordinal);

    public static string Report(ScanReport? report = null)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new JsonReportWriter().Write(report ?? Reports.ReportFixtures.Sample(), text);
        return text.ToString();
    }

    public static string Inventory(string? host = "laptop-7", string version = "2.1.91") =>
        InventoryJsonWriter.ToJson(new MachineInventory("/", [new InventoryItem
        {
            Kind = InventoryItemKind.NpmGlobal,
            Ecosystem = "npm",
            Name = ClaudeCode,
            Version = version,
            Path = $"home/alice/.nvm/versions/node/v22.1.0/lib/node_modules/{ClaudeCode}",
            Source = "nvm node 22.1.0",
            User = "alice",
        }], []) { Host = host });

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Yaml(string yaml) => new(yaml, Encoding.UTF8, new MediaTypeHeaderValue("application/yaml"));
}
