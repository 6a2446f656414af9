using Telltale.Cli;

namespace Telltale.Tests.Commands;

// Console.Error is process-wide: every class that swaps it runs in the one non-parallel collection.
[Collection("Console")]
public sealed class ScanPlatformOptionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WritePackage()
    {
        var directory = Path.Combine(_folder, "pkg");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "package.json"), """{"name":"plain","version":"1.0.0"}""");
        File.WriteAllText(Path.Combine(directory, "index.js"), "module.exports = 1;\n");
        return directory;
    }

    [Theory]
    [InlineData("macos-arm64", "telltale: bad --platform 'macos-arm64': unknown OS 'macos'")]
    [InlineData("linux-amd64", "telltale: bad --platform 'linux-amd64': unknown CPU 'amd64'")]
    [InlineData("linux", "telltale: bad --platform 'linux': expected OS-CPU")]
    public async Task Refuses_a_bad_platform_in_one_line(string platform, string expected)
    {
        var (code, error) = await CliHarness.RunAsync("scan", WritePackage(), "--platform", platform, "--quiet");

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("linux-x64-musl")]
    [InlineData("win32-arm64")]
    public async Task Accepts_a_platform_and_leaves_local_targets_as_they_are(string platform)
    {
        var report = Path.Combine(_folder, "r.json");

        var (code, error) = await CliHarness.RunAsync("scan", WritePackage(), "--platform", platform, "--format", "json", "--output", report, "--quiet");

        Assert.Equal(ExitCodes.Clean, code);
        Assert.Empty(error);
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report));
        var target = document.RootElement.GetProperty("target");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, target.GetProperty("platform").ValueKind);
        Assert.Empty(target.GetProperty("platformPackages").EnumerateArray());
    }
}
