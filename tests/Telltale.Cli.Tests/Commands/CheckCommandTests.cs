using System.Security.Cryptography;
using System.Text.Json;
using Telltale.Cli;
using Telltale.Tests.Inventory;

namespace Telltale.Tests.Commands;

/// <summary>
/// <c>telltale check</c> over a fake machine (nvm, volta, pnpm, bun, fnm, asdf, mise globals; a Bun executable on
/// PATH; Claude Code's native installer; VS Code, Cursor and JetBrains add-ons), a saved inventory, a lockfile and
/// one package, with a fixed clock.
/// </summary>
[Collection("Console")]
public sealed class CheckCommandTests : IDisposable
{
    private readonly FakeMachine _machine = new FakeMachine().WithAgents();

    public void Dispose() => _machine.Dispose();

    /// <summary>The story's list: claude-code 2.1.91 up to 2.1.198 banned from 2026-07-10 in Berlin (with the native build's hash), qodercli under review, an extension restricted, a plugin allowed.</summary>
    private string Policy(string extra = "")
    {
        var nativeBuild = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_machine.Host("/home/bob/.local/share/claude/versions/2.1.91"))));
        var path = Path.Combine(_machine.Outside, "policy.yaml");
        File.WriteAllText(path, $$"""
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
                    native_builds:
                      - { platform: linux-x64, version: "2.1.91", sha256: {{nativeBuild}} }
                evidence:
                  - { kind: bisect, id: "history:1" }
                alternatives:
                  - { spec: "npm:@openai/codex", highest: low, version: "0.40.0" }
              - id: ACME-2026-002
                title: Qoder CLI under review
                status: review
                affected:
                  - package: { ecosystem: npm, name: "@qoder-ai/qodercli" }
              - id: ACME-2026-003
                title: The Claude Code extension only on approved machines
                status: restricted
                affected:
                  - package: { ecosystem: VSCode, name: anthropic.claude-code }
              - id: ACME-2026-004
                title: Copilot for JetBrains checked
                status: allowed
                affected:
                  - package: { ecosystem: JetBrains, name: com.github.copilot }
            {{extra}}
            """);
        return path;
    }

    private static JsonElement[] Verdicts(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("verdicts").EnumerateArray().ToArray();

    private static string[] Lines(JsonElement[] verdicts, Func<JsonElement, bool> where) =>
        verdicts.Where(where).Select(v =>
        {
            var item = v.GetProperty("item");
            return $"{item.GetProperty("name").GetString()}@{item.GetProperty("version").GetString()} {item.GetProperty("source").GetString()}: {v.GetProperty("message").GetString()}";
        }).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Before_the_date_every_install_of_a_banned_version_warns_with_the_days_left()
    {
        var (code, output, error) = await CliHarness.RunWithOutputAsync("check", "--policy", Policy(), "--root", _machine.Root, "--now", "2026-07-07T09:00:00Z", "--format", "json");

        Assert.True(code == ExitCodes.PolicyWarnings, error);
        var verdicts = Verdicts(output);
        Assert.Equal(
            [
                "@anthropic-ai/claude-code@2.1.91 asdf node 18.19.0: banned from 2026-07-10, 3 days left",
                "@anthropic-ai/claude-code@2.1.91 nvm node 20.11.0: banned from 2026-07-10, 3 days left",
            ],
            Lines(verdicts, v => v.GetProperty("item").GetProperty("kind").GetString() == "npm-global" && v.GetProperty("outcome").GetString() == "banned-from-date"));
        Assert.Equal(3, verdicts.Count(v => v.GetProperty("item").GetProperty("name").GetString() == "@anthropic-ai/claude-code" && v.GetProperty("outcome").GetString() == "allowed"));
        Assert.All(verdicts.Where(v => v.GetProperty("item").GetProperty("version").GetString() == "2.1.198" && v.GetProperty("item").GetProperty("kind").GetString() == "npm-global"),
            v => Assert.Equal("allowed: 2.1.198 is not among the versions ACME-2026-001 covers", v.GetProperty("message").GetString()));

        // Claude Code's native installer, known by the sha256 of its build.
        var native = Assert.Single(verdicts, v => v.GetProperty("match").GetString() == "sha256");
        Assert.Equal("banned-from-date", native.GetProperty("outcome").GetString());
        Assert.Equal("npm:@openai/codex", native.GetProperty("entry").GetProperty("alternatives")[0].GetProperty("spec").GetString());

        Assert.Equal(3, verdicts.Count(v => v.GetProperty("item").GetProperty("name").GetString() == "@qoder-ai/qodercli" && v.GetProperty("message").GetString() == "under review"));
        Assert.Equal("restricted", Assert.Single(verdicts, v => v.GetProperty("item").GetProperty("name").GetString() == "anthropic.claude-code").GetProperty("outcome").GetString());
        Assert.Equal("allowed", Assert.Single(verdicts, v => v.GetProperty("item").GetProperty("name").GetString() == "com.github.copilot").GetProperty("outcome").GetString());
        Assert.Equal("not-listed", Assert.Single(verdicts, v => v.GetProperty("item").GetProperty("name").GetString() == "left-pad").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task From_the_date_the_ban_fails_the_check_and_the_terminal_names_the_alternative()
    {
        var (code, output, error) = await CliHarness.RunWithOutputAsync("check", "--policy", Policy(), "--root", _machine.Root, "--now", "2026-07-10T09:00:00Z");

        Assert.True(code == ExitCodes.BannedInForce, error);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("banned since 2026-07-10", output, StringComparison.Ordinal);
        Assert.Contains("use instead: npm:@openai/codex", output, StringComparison.Ordinal);
        Assert.DoesNotContain("banned from 2026-07-10", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bun_executable_is_judged_by_the_package_it_embeds()
    {
        var policy = Policy("""
              - id: ACME-2026-005
                title: The 2.1.198 build, for this test
                status: banned
                affected:
                  - package: { ecosystem: npm, name: "@anthropic-ai/claude-code" }
                    versions: ["2.1.198"]
            """);

        var (code, output, error) = await CliHarness.RunWithOutputAsync("check", "--policy", policy, "--root", _machine.Root, "--now", "2026-07-01T00:00:00Z", "--format", "json");

        Assert.True(code == ExitCodes.BannedInForce, error);
        var tool = Assert.Single(Verdicts(output), v => v.GetProperty("item").GetProperty("name").GetString() == "agent-tool");
        Assert.Equal(("embedded-package", "banned"), (tool.GetProperty("match").GetString(), tool.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Checks_a_saved_inventory_a_lockfile_and_one_package()
    {
        var inventory = Path.Combine(_machine.Outside, "inventory.json");
        Assert.Equal(ExitCodes.Clean, (await CliHarness.RunAsync("inventory", "--root", _machine.Root, "--format", "json", "-o", inventory)).ExitCode);
        var (code, output, _) = await CliHarness.RunWithOutputAsync("check", "--policy", Policy(), inventory, "--now", "2026-07-10T09:00:00Z", "--format", "json");
        Assert.Equal(ExitCodes.BannedInForce, code);
        Assert.Equal(JsonDocument.Parse(output).RootElement.GetProperty("subject").GetString(), inventory);

        var lockfile = Path.Combine(_machine.Outside, "package-lock.json");
        File.WriteAllText(lockfile, """
            {"name":"app","lockfileVersion":3,"packages":{"":{"name":"app"},
             "node_modules/@anthropic-ai/claude-code":{"version":"2.1.92"},
             "node_modules/left-pad":{"version":"1.3.0"}}}
            """);
        (code, output, _) = await CliHarness.RunWithOutputAsync("check", "--policy", Policy(), lockfile, "--now", "2026-07-07T09:00:00Z", "--format", "sarif");
        Assert.Equal(ExitCodes.PolicyWarnings, code);
        var result = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        Assert.Equal(("ACME-2026-001", "warning"), (result.GetProperty("ruleId").GetString(), result.GetProperty("level").GetString()));

        (code, output, _) = await CliHarness.RunWithOutputAsync("check", "--policy", Policy(), "npm:@anthropic-ai/claude-code@2.1.198", "--format", "markdown");
        Assert.Equal(ExitCodes.Clean, code);
        Assert.Contains("**PASS**", output, StringComparison.Ordinal);
        Assert.Contains("allowed: 2.1.198 is not among the versions ACME-2026-001 covers", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("colour: red\n", "unknown field 'colour' in the policy")]
    [InlineData("entries:\n  - id: X\n    title: t\n    status: banned\n    effective: { date: 2026-02-30 }\n    affected: [ { package: { ecosystem: npm, name: x } } ]\n", "is not a date YYYY-MM-DD: '2026-02-30'")]
    [InlineData("entries:\n  - id: X\n    title: t\n    status: banned\n    affected:\n      - package: { ecosystem: npm, name: x }\n        ranges: [ { events: [ { introduced: \"2.0.0\" }, { last_affected: \"1.0.0\" } ] } ]\n", "reversed range in entry 'X': last_affected 1.0.0 is not above introduced 2.0.0")]
    [InlineData("include: [policy.yaml]\n", "include cycle: policy.yaml → policy.yaml")]
    public async Task A_bad_policy_is_one_line_and_exit_2(string yaml, string expected)
    {
        var path = Path.Combine(_machine.Outside, "policy.yaml");
        File.WriteAllText(path, yaml);

        var (code, output, error) = await CliHarness.RunWithOutputAsync("check", "--policy", path, "npm:x@1.0.0");

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Equal("", output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));

        (code, error) = await CliHarness.RunAsync("policy", "validate", path);
        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_inventory_or_clock_is_one_line_and_exit_2_with_nothing_written()
    {
        var broken = Path.Combine(_machine.Outside, "inventory.json");
        File.WriteAllText(broken, "{\"schemaVersion\": \"1.0\", \"items\": [");
        var report = Path.Combine(_machine.Outside, "verdicts.json");

        var (code, error) = await CliHarness.RunAsync("check", "--policy", Policy(), broken, "-o", report);
        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains("not an inventory this telltale reads", error, StringComparison.Ordinal);
        Assert.False(File.Exists(report));

        (code, error) = await CliHarness.RunAsync("check", "--policy", Policy(), "--now", "next tuesday", "npm:x@1.0.0");
        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains("--now 'next tuesday' is not a date and time", error, StringComparison.Ordinal);

        (code, error) = await CliHarness.RunAsync("check", "--policy", Policy(), "npm:x@1.0.0", "--root", _machine.Root);
        Assert.Equal(ExitCodes.UsageOrInput, code);
    }

    [Fact]
    public async Task Validate_summarises_a_good_policy()
    {
        var (code, output, error) = await CliHarness.RunWithOutputAsync("policy", "validate", Policy());

        Assert.True(code == ExitCodes.Clean, error);
        Assert.EndsWith("valid, 4 entries (1 banned, 1 restricted, 1 review, 1 allowed) from 1 file(s)\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_every_format_and_santa_blocks_the_native_build_once_in_force()
    {
        var policy = Policy();
        var (code, output, error) = await CliHarness.RunWithOutputAsync("policy", "export", policy, "--format", "santa", "--as-of", "2026-07-10T09:00:00Z");
        Assert.True(code == ExitCodes.Clean, error);
        var rule = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("rules").EnumerateArray());
        Assert.Equal(("BLOCKLIST", "BINARY"), (rule.GetProperty("policy").GetString(), rule.GetProperty("rule_type").GetString()));

        (code, output, _) = await CliHarness.RunWithOutputAsync("policy", "export", policy, "--format", "santa", "--as-of", "2026-07-07T09:00:00Z");
        Assert.Equal(ExitCodes.Clean, code);
        Assert.Empty(JsonDocument.Parse(output).RootElement.GetProperty("rules").EnumerateArray());

        var folder = Path.Combine(_machine.Outside, "osv");
        Assert.Equal(ExitCodes.Clean, (await CliHarness.RunAsync("policy", "export", policy, "--format", "osv", "--output-dir", folder, "--as-of", "2026-07-10T00:00:00Z")).ExitCode);
        Assert.Equal(4, Directory.GetFiles(folder, "*.json").Length);

        foreach (var format in new[] { "osv", "openvex", "fleet" })
        {
            (code, output, error) = await CliHarness.RunWithOutputAsync("policy", "export", policy, "--format", format, "--as-of", "2026-07-10T00:00:00Z");
            Assert.True(code == ExitCodes.Clean, $"{format}: {error}");
            Assert.Contains("ACME-2026-001", output, StringComparison.Ordinal);
        }

        (code, error) = await CliHarness.RunAsync("policy", "export", policy, "--format", "csv");
        Assert.Equal(ExitCodes.UsageOrInput, code);
    }
}
