using Telltale.Inventory;
using Telltale.Policy;
using Telltale.Policy.Compliance;

namespace Telltale.Tests.Policy;

public sealed class PolicyCheckerTests
{
    private static readonly string BuildSha = new('a', 64);

    private static PolicyDocument Policy()
    {
        using var files = new PolicyFiles();
        return PolicyLoader.Load(files.Write("policy.yaml", PolicyFiles.ClaudeCodePolicy + """

              - id: ACME-2026-002
                title: An extension under review
                status: review
                affected:
                  - package: { ecosystem: VSCode, name: Some.Extension }
              - id: ACME-2026-003
                title: A restricted plugin
                status: restricted
                effective: { date: 2026-08-01, time_zone: UTC, grace_days: 0 }
                affected:
                  - package: { ecosystem: JetBrains, name: com.example.agent }
              - id: ACME-2026-004
                title: Grace for a migration
                status: banned
                effective: { date: 2026-07-01, time_zone: UTC, grace_days: 14 }
                affected:
                  - package: { ecosystem: npm, name: old-agent }
            """));
    }

    private static InventoryItem Npm(string name, string version, InventoryItemKind kind = InventoryItemKind.NpmGlobal) => new()
    {
        Kind = kind, Ecosystem = "npm", Name = name, Version = version, Path = $"/home/alice/.nvm/versions/node/v22.1.0/lib/node_modules/{name}", Source = "nvm node 22.1.0", User = "alice",
    };

    private static ComplianceVerdict Judge(InventoryItem item, string now) =>
        PolicyChecker.Judge(Policy(), item, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Before_the_date_a_ban_warns_with_the_days_left_in_the_entrys_time_zone()
    {
        // 2026-07-06 23:30 UTC is already 2026-07-07 in Berlin: three days before the 10th.
        var verdict = Judge(Npm("@anthropic-ai/claude-code", "2.1.91"), "2026-07-06T23:30:00Z");
        Assert.Equal(ComplianceOutcome.BannedSoon, verdict.Outcome);
        Assert.Equal("banned from 2026-07-10, 3 days left", verdict.Message);
        Assert.Equal(3, verdict.DaysLeft);
        Assert.True(verdict.IsWarning);
        Assert.Equal("npm:@openai/codex", Assert.Single(verdict.Entry!.Alternatives).Spec);
    }

    [Theory]
    [InlineData("2026-07-09T21:59:59Z", ComplianceOutcome.BannedSoon)]
    [InlineData("2026-07-09T22:00:00Z", ComplianceOutcome.Banned)]
    [InlineData("2027-01-01T00:00:00Z", ComplianceOutcome.Banned)]
    public void The_ban_takes_force_at_midnight_in_the_entrys_time_zone(string now, ComplianceOutcome expected)
    {
        var verdict = Judge(Npm("@anthropic-ai/claude-code", "2.1.150"), now);
        Assert.Equal(expected, verdict.Outcome);
        if (expected == ComplianceOutcome.Banned)
        {
            Assert.Equal("banned since 2026-07-10", verdict.Message);
            Assert.True(verdict.IsFailure);
        }
    }

    [Fact]
    public void A_version_outside_the_range_is_allowed_and_says_which_entry_it_is_outside_of()
    {
        var verdict = Judge(Npm("@anthropic-ai/claude-code", "2.1.198"), "2026-08-01T00:00:00Z");
        Assert.Equal(ComplianceOutcome.Allowed, verdict.Outcome);
        Assert.Equal("allowed: 2.1.198 is not among the versions ACME-2026-001 covers", verdict.Message);
        Assert.False(verdict.IsWarning || verdict.IsFailure);
    }

    [Fact]
    public void A_native_executable_matches_by_sha256_or_by_the_package_it_embeds()
    {
        var bySha = new InventoryItem { Kind = InventoryItemKind.NativeExecutable, Ecosystem = "native", Name = "claude", Path = "/home/alice/.local/bin/claude", Source = "PATH", Sha256 = BuildSha };
        var verdict = Judge(bySha, "2026-08-01T00:00:00Z");
        Assert.Equal((ComplianceOutcome.Banned, ComplianceMatch.Sha256), (verdict.Outcome, verdict.Match));

        var embedded = bySha with { Sha256 = new string('c', 64), EmbeddedPackage = "@anthropic-ai/claude-code", EmbeddedVersion = "2.1.100", Format = "bun" };
        verdict = Judge(embedded, "2026-08-01T00:00:00Z");
        Assert.Equal((ComplianceOutcome.Banned, ComplianceMatch.EmbeddedPackage), (verdict.Outcome, verdict.Match));

        verdict = Judge(embedded with { EmbeddedVersion = "2.1.200" }, "2026-08-01T00:00:00Z");
        Assert.Equal(ComplianceOutcome.Allowed, verdict.Outcome);
    }

    [Fact]
    public void Review_restricted_grace_and_unlisted_items()
    {
        var extension = new InventoryItem { Kind = InventoryItemKind.EditorExtension, Ecosystem = "VSCode", Name = "some.extension", Version = "1.0.0", Path = "/home/alice/.cursor/extensions/some.extension-1.0.0", Source = "Cursor" };
        Assert.Equal(("under review", ComplianceOutcome.Review), (Judge(extension, "2026-08-01T00:00:00Z").Message, Judge(extension, "2026-08-01T00:00:00Z").Outcome));

        var plugin = extension with { Kind = InventoryItemKind.JetBrainsPlugin, Ecosystem = "JetBrains", Name = "com.example.agent" };
        Assert.Equal("restricted from 2026-08-01, 2 days left", Judge(plugin, "2026-07-30T12:00:00Z").Message);
        Assert.Equal("restricted", Judge(plugin, "2026-08-01T00:00:00Z").Message);

        var old = Npm("old-agent", "1.0.0");
        Assert.Equal("banned since 2026-07-01; grace period ends 2026-07-15, 5 days left", Judge(old, "2026-07-10T08:00:00Z").Message);
        Assert.Equal(ComplianceOutcome.Banned, Judge(old, "2026-07-15T00:00:00Z").Outcome);

        Assert.Equal(ComplianceOutcome.NotListed, Judge(Npm("typescript", "5.9.3"), "2026-08-01T00:00:00Z").Outcome);
    }

    [Fact]
    public void A_report_puts_failures_first_and_counts_them()
    {
        var inventory = new MachineInventory("/", [Npm("typescript", "5.9.3"), Npm("@anthropic-ai/claude-code", "2.1.198"), Npm("@anthropic-ai/claude-code", "2.1.91"), Npm("old-agent", "1.0.0")], ["/home/bob: permission denied"]);
        var report = PolicyChecker.Check(Policy(), inventory, "this machine", DateTimeOffset.Parse("2026-07-10T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["2.1.91", "1.0.0", "2.1.198", "5.9.3"], report.Verdicts.Select(v => v.Item.Version));
        Assert.Equal((1, 1), (report.Failures, report.Warnings));

        using var json = new StringWriter();
        ComplianceJsonWriter.Write(report, json);
        using var document = System.Text.Json.JsonDocument.Parse(json.ToString());
        Assert.Equal("fail", document.RootElement.GetProperty("summary").GetProperty("result").GetString());
        Assert.Equal("banned", document.RootElement.GetProperty("verdicts")[0].GetProperty("outcome").GetString());

        using var sarif = new StringWriter();
        ComplianceSarifWriter.Write(report, sarif);
        using var sarifDocument = System.Text.Json.JsonDocument.Parse(sarif.ToString());
        var results = sarifDocument.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.Equal(["error", "warning"], results.EnumerateArray().Select(r => r.GetProperty("level").GetString()));

        using var markdown = new StringWriter();
        ComplianceMarkdownWriter.Write(report, markdown);
        Assert.Contains("**FAIL**, 1 banned in force, 1 warnings, 4 items.", markdown.ToString(), StringComparison.Ordinal);
        Assert.Contains("Use instead: `npm:@openai/codex`", markdown.ToString(), StringComparison.Ordinal);
    }
}
