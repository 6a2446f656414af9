using System.Text.Json;
using Telltale.Cli;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tests.Commands;

[Collection("Console")]
public sealed class DiffCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-diff-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int ExitCode, string Error)> RunAsync(params string[] args) => CliHarness.RunAsync(args);

    private static Finding List(long offset, params string[] items) => new()
    {
        RuleId = "TT1001",
        Title = "Hidden list of domains decoded from an obfuscated literal",
        Severity = Severity.High,
        Location = new SourceLocation("package/cli.js", 3, 7, offset),
        Evidence = new Evidence("b64…", string.Join(",", items), ["base64", "xor 0x5B"]),
        Capabilities = ["list.hidden:domains"],
        Items = items,
    };

    private static Finding Fingerprint(string term, long offset) => new()
    {
        RuleId = "TT1201",
        Title = "Reads a fingerprinting indicator (text)",
        Severity = Severity.Low,
        Location = new SourceLocation("package/cli.js", 1, 1, offset),
        Evidence = new Evidence(term),
        Capabilities = ["fingerprint:" + term],
    };

    /// <summary>Saves a report as <c>scan --format json</c> would.</summary>
    private string Save(string name, string version, params Finding[] findings)
    {
        var path = Path.Combine(_folder, name);
        var report = new ScanReport
        {
            ToolVersion = "0.1.0-test",
            Target = new ScanTarget("@acme/agent", version, new string('a', 64), "npm"),
            ScannedAt = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
            Statistics = new ScanStatistics(),
            Findings = findings,
        };
        using var writer = new StreamWriter(path);
        new JsonReportWriter().Write(report, writer);
        return path;
    }

    private (string Old, string New) Pair() => (
        Save("old.json", "1.0.0", List(100, "a.example", "b.example", "c.example"), Fingerprint("HTTPS_PROXY", 10)),
        Save("new.json", "1.1.0", List(250, "a.example", "b.example", "c.example", "moonshot.example"), Fingerprint("HTTPS_PROXY", 40), Fingerprint("Asia/Shanghai", 60)));

    [Fact]
    public async Task Writes_json_with_the_entries_a_list_gained_and_exits_1_for_a_worse_high_finding()
    {
        var (old, @new) = Pair();
        var output = Path.Combine(_folder, "diff.json");

        var (code, error) = await RunAsync("diff", old, @new, "--format", "json", "-o", output);

        Assert.True(code == ExitCodes.FindingsAtThreshold, error);
        using var document = JsonDocument.Parse(File.ReadAllText(output));
        var findings = document.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var list = Assert.Single(findings, f => f.GetProperty("change").GetString() == "changed");
        Assert.Equal(["moonshot.example"], list.GetProperty("itemsAdded").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(findings, f => f.GetProperty("change").GetString() == "added" && f.GetProperty("ruleId").GetString() == "TT1201");
        Assert.Equal(1, document.RootElement.GetProperty("summary").GetProperty("findings").GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Exits_0_when_nothing_new_or_worse_reaches_the_threshold()
    {
        var (old, @new) = Pair();

        Assert.Equal(ExitCodes.Clean, (await RunAsync("diff", old, @new, "--fail-on", "critical", "-o", Path.Combine(_folder, "d.txt"))).ExitCode);
        Assert.Equal(ExitCodes.Clean, (await RunAsync("diff", @new, old, "-o", Path.Combine(_folder, "d.txt"))).ExitCode);
        Assert.Equal(ExitCodes.Clean, (await RunAsync("diff", old, @new, "--fail-on", "never", "-o", Path.Combine(_folder, "d.txt"))).ExitCode);
    }

    [Fact]
    public async Task Renders_the_terminal_view_to_a_file_without_colour()
    {
        var (old, @new) = Pair();
        var output = Path.Combine(_folder, "diff.txt");

        await RunAsync("diff", old, @new, "-o", output, "-q");

        var text = File.ReadAllText(output);
        Assert.Contains("telltale diff @acme/agent 1.0.0 → 1.1.0", text, StringComparison.Ordinal);
        Assert.Contains("changed Hidden list of domains", text, StringComparison.Ordinal);
        Assert.Contains("+ 1: moonshot.example", text, StringComparison.Ordinal);
        Assert.Contains("+ Asia/Shanghai", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_markdown()
    {
        var (old, @new) = Pair();
        var output = Path.Combine(_folder, "diff.md");

        await RunAsync("diff", old, @new, "--format", "md", "-o", output);

        Assert.StartsWith("# Telltale diff: @acme/agent 1.0.0 → 1.1.0", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exits_2_with_one_line_for_an_unreadable_side_or_a_bad_option()
    {
        var (old, _) = Pair();
        var broken = Path.Combine(_folder, "broken.json");
        File.WriteAllText(broken, File.ReadAllText(old).Replace("\"severity\": \"high\"", "\"severity\": \"urgent\"", StringComparison.Ordinal));

        var (code, error) = await RunAsync("diff", old, broken, "-q");
        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.StartsWith("telltale: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));

        Assert.Equal(ExitCodes.UsageOrInput, (await RunAsync("diff", old, Path.Combine(_folder, "missing.tgz"), "-q")).ExitCode);
        Assert.Equal(ExitCodes.UsageOrInput, (await RunAsync("diff", old, old, "--format", "sarif")).ExitCode);
        Assert.Equal(ExitCodes.UsageOrInput, (await RunAsync("diff", old, old, "--fail-on", "urgent")).ExitCode);
        Assert.Equal(ExitCodes.UsageOrInput, (await RunAsync("diff", old)).ExitCode);
    }
}
