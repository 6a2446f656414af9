using System.Text.Json;
using Telltale.Cli;
using Telltale.Scanning;

namespace Telltale.Tests.Commands;

/// <summary>One version number from the build: what <c>--version</c> prints is what every report carries.</summary>
[Collection("Console")]
public sealed class VersionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-version-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Version_prints_the_tool_version_reports_carry_and_nothing_else()
    {
        var (code, output, error) = await CliHarness.RunWithOutputAsync("--version");

        Assert.Equal(ExitCodes.Clean, code);
        Assert.Empty(error);
        Assert.Equal(Scanner.ToolVersion + "\n", output.ReplaceLineEndings("\n"));
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", Scanner.ToolVersion);
    }

    [Fact]
    public async Task A_scan_report_carries_the_version_that_version_prints()
    {
        var package = Path.Combine(_folder, "pkg");
        Directory.CreateDirectory(package);
        File.WriteAllText(Path.Combine(package, "package.json"), """{"name":"plain","version":"1.0.0"}""");
        var report = Path.Combine(_folder, "r.json");

        var (_, printed, _) = await CliHarness.RunWithOutputAsync("--version");
        var (code, error) = await CliHarness.RunAsync("scan", package, "--no-store", "-f", "json", "-o", report);

        Assert.True(code == ExitCodes.Clean, error);
        using var document = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(printed.Trim(), document.RootElement.GetProperty("tool").GetProperty("version").GetString());
    }
}
