using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Telltale.Findings;
using Telltale.Inventory;
using Telltale.Reports;
using Telltale.Tracking.History;

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

    /// <summary>A history as <c>history --format json</c> writes it: no versions, one range.</summary>
    public static string History(string range = ">=2.1.88 <=2.1.93")
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        TimelineJsonWriter.Write(new VersionTimeline(ClaudeCode, Severity.High, [], []) { Range = range }, text);
        return text.ToString();
    }

    /// <summary>
    /// The real bisection of claude-code 2.1.80–2.1.330 by TT2001 at critical (introduced 2.1.91, removed 2.1.198), as
    /// <c>history --bisect --format json</c> wrote it on 2026-12-06.
    /// </summary>
    public static string Bisection() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "claude-code-bisect.history.json"));

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
