using System.Text.Json;
using Telltale.Policy;
using Telltale.Policy.Export;

namespace Telltale.Tests.Policy.Export;

public sealed class SantaExporterTests
{
    // 2026-07-10 begins in Europe/Berlin (CEST, UTC+2) at 22:00 UTC the day before.
    private static readonly DateTimeOffset BeforeBan = new(2026, 7, 9, 21, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset BanStarts = new(2026, 7, 9, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Before_the_effective_date_only_entries_already_in_force_are_blocked()
    {
        IReadOnlyList<SantaRule> rules = new SantaExporter(BeforeBan).Rules(ExportFixtures.Policy);

        Assert.Equal(
            [(ExportFixtures.CodexLinux, "REMOVE"), (ExportFixtures.RogueDarwin, "BLOCKLIST")],
            rules.Select(r => (r.Identifier, r.Policy)));
    }

    [Fact]
    public void From_the_first_instant_of_the_effective_day_the_builds_are_blocked()
    {
        IReadOnlyList<SantaRule> rules = new SantaExporter(BanStarts).Rules(ExportFixtures.Policy);

        Assert.Equal(
            [(ExportFixtures.ClaudeLinuxA, "BLOCKLIST"), (ExportFixtures.ClaudeLinuxB, "BLOCKLIST"), (ExportFixtures.CodexLinux, "REMOVE"), (ExportFixtures.RogueDarwin, "BLOCKLIST")],
            rules.Select(r => (r.Identifier, r.Policy)));
    }

    [Fact]
    public void Grace_days_postpone_the_block()
    {
        PolicyEntry graced = ExportFixtures.ClaudeCode with { Effective = new EffectiveDate(new DateOnly(2026, 7, 10), "Europe/Berlin", GraceDays: 7) };
        var policy = new PolicyDocument("p", [graced], []);

        Assert.Empty(new SantaExporter(BanStarts).Rules(policy));
        Assert.Equal(2, new SantaExporter(BanStarts.AddDays(7)).Rules(policy).Count);
    }

    [Fact]
    public void Output_parses_as_rule_download_records()
    {
        string json = new SantaExporter(BanStarts).Document(ExportFixtures.Policy);
        using JsonDocument document = JsonDocument.Parse(json);

        JsonElement rules = document.RootElement.GetProperty("rules");
        Assert.Equal(4, rules.GetArrayLength());
        Assert.Equal(["rules"], document.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (JsonElement rule in rules.EnumerateArray())
        {
            Assert.Matches("^[0-9a-f]{64}$", rule.GetProperty("identifier").GetString());
            Assert.True(rule.GetProperty("policy").GetString() is "BLOCKLIST" or "REMOVE");
            Assert.Equal("BINARY", rule.GetProperty("rule_type").GetString());
            Assert.Equal(rule.GetProperty("policy").GetString() == "BLOCKLIST", rule.TryGetProperty("custom_msg", out _));
        }
    }

    [Fact]
    public void Message_names_the_entry_the_build_and_the_alternative()
    {
        SantaRule rule = new SantaExporter(BanStarts).Rules(ExportFixtures.Policy).Single(r => r.Identifier == ExportFixtures.ClaudeLinuxA);

        Assert.Equal(
            "Blocked by policy claude-code: Claude Code CLI (@anthropic-ai/claude-code 2.1.197, linux-x64). Use npm:@openai/codex instead.",
            rule.CustomMessage);
    }

    [Fact]
    public void Hostile_entries_give_no_malformed_rule_and_a_clean_message()
    {
        PolicyEntry hostile = ExportFixtures.Hostile with
        {
            Affected = [.. ExportFixtures.Hostile.Affected, new AffectedPackage(PolicyEcosystems.Native, "x") { NativeBuilds = [new NativeBuild("darwin-arm64", ExportFixtures.ClaudeLinuxB.ToUpperInvariant())] }],
            Title = new string('t', 400) + "\u202E\n",
        };

        SantaRule rule = Assert.Single(new SantaExporter(BanStarts).Rules(new PolicyDocument("p", [hostile], [])));

        Assert.Equal(ExportFixtures.ClaudeLinuxB, rule.Identifier);
        Assert.Equal(SantaExporter.MaxMessageLength, rule.CustomMessage!.Length);
        Assert.DoesNotContain(rule.CustomMessage, c => char.IsControl(c) || c == '\u202E');
    }

    [Fact]
    public void A_hash_both_banned_and_allowed_is_blocked()
    {
        PolicyEntry allowed = ExportFixtures.AllowedCodex with
        {
            Affected = [new AffectedPackage(PolicyEcosystems.Npm, "@openai/codex") { NativeBuilds = [new NativeBuild("darwin-arm64", ExportFixtures.RogueDarwin)] }],
        };

        SantaRule rule = Assert.Single(new SantaExporter(BanStarts).Rules(new PolicyDocument("p", [allowed, ExportFixtures.NativeOnly], [])));

        Assert.Equal("BLOCKLIST", rule.Policy);
    }
}
