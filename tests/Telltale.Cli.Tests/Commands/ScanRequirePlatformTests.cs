using System.Text.Json;
using Telltale.Cli;
using Telltale.Findings;
using Telltale.Rules;
using Telltale.Scanning;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Commands;

/// <summary>
/// <c>scan --require-platform</c> on a package whose program is in platform packages, none of them for the platform.
/// The report is stored as a scan would have stored it, so <c>scan npm:NAME@VERSION</c> answers from the store and
/// needs no registry.
/// </summary>
[Collection("Console")]
public sealed class ScanRequirePlatformTests : IDisposable
{
    private const string Gap = "no platform package for freebsd-x64: the program that runs on it was not scanned";

    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-").FullName;

    public ScanRequirePlatformTests()
    {
        var target = new ScanTarget("@acme/agent", "1.0.0", new string('a', 64), "npm") { Platform = "freebsd-x64" };
        var gap = target.PlatformGap!;
        var report = new ScanReport
        {
            Target = target,
            Findings =
            [
                new Finding
                {
                    RuleId = "TT2000",
                    Title = "Analysis incomplete (platform)",
                    Severity = Severity.Medium,
                    Location = new SourceLocation(gap.Path, 0, 0, 0),
                    Evidence = new Evidence(gap.Reason),
                },
            ],
            Incomplete = [gap],
            Statistics = new ScanStatistics { Entries = 2 },
            ScannedAt = new DateTimeOffset(2026, 11, 24, 2, 41, 0, TimeSpan.Zero),
            ToolVersion = Scanner.ToolVersion,
        };
        using var store = new ScanStore(Database);
        store.Save(report, ScanFingerprint.Compute(new ScanOptions { Rules = RulePackLoader.Load([]) }), "freebsd-x64");
    }

    private string Database => Path.Combine(_folder, "scans.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<(int ExitCode, string Output, string Error)> Scan(params string[] options) =>
        CliHarness.RunWithOutputAsync(["scan", "npm:@acme/agent@1.0.0", "--db", Database, "--platform", "freebsd-x64", "-q", .. options]);

    [Fact]
    public async Task Exits_2_after_writing_the_report_and_says_why_in_one_line()
    {
        var (code, output, error) = await Scan("--require-platform", "--fail-on", "never");

        Assert.Equal(ExitCodes.PlatformPackageMissing, code);
        Assert.Equal(2, code);
        Assert.Equal($"telltale: @acme/agent: {Gap}; --require-platform\n", error.ReplaceLineEndings("\n"));
        Assert.Contains("telltale scan @acme/agent@1.0.0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_it_fails_the_gate_as_any_incomplete_report_does()
    {
        var (code, _, error) = await Scan();

        Assert.Equal(ExitCodes.FindingsAtThreshold, code);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Says_it_on_the_line_under_the_title_of_the_terminal_view()
    {
        var (_, output, _) = await Scan("--require-platform");

        // The view wraps at the width of a redirected console (80), so the note is read up to the statistics line.
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        var statistics = Array.FindIndex(lines, l => l.StartsWith("sha256 ", StringComparison.Ordinal));
        Assert.Contains("telltale scan @acme/agent@1.0.0", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(" NO PLATFORM PACKAGE  @acme/agent: no platform package for freebsd-x64", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("the program that runs on it was not scanned", string.Join(" ", lines[1..statistics].Select(l => l.Trim())), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("markdown")]
    [InlineData("sarif")]
    public async Task Writes_the_report_in_any_format_with_the_note_first(string format)
    {
        var path = Path.Combine(_folder, "report." + format);

        var (code, _, _) = await Scan("--require-platform", "-f", format, "-o", path);

        Assert.Equal(ExitCodes.PlatformPackageMissing, code);
        var text = File.ReadAllText(path);
        if (format == "markdown")
        {
            Assert.Equal($"> **No platform package:** `@acme/agent`: {Gap}", text.Split('\n')[2]);
            return;
        }

        using var document = JsonDocument.Parse(text);
        var first = format == "json"
            ? document.RootElement.GetProperty("incomplete")[0].GetProperty("reason").GetString()
            : document.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString();
        Assert.EndsWith(Gap, first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_to_be_combined_with_platform_none()
    {
        var (code, error) = await CliHarness.RunAsync("scan", "npm:@acme/agent@1.0.0", "--db", Database, "--platform", "none", "--require-platform");

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Equal("telltale: --require-platform cannot be used with --platform none, which scans no platform package\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Passes_a_package_without_platform_packages()
    {
        var directory = Path.Combine(_folder, "plain");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "index.js"), "module.exports = 1;\n");

        var (code, error) = await CliHarness.RunAsync("scan", directory, "--db", Database, "--require-platform", "-q", "-o", Path.Combine(_folder, "plain.txt"));

        Assert.Equal(ExitCodes.Clean, code);
        Assert.Empty(error);
    }
}
