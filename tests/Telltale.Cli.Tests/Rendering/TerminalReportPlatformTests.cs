using Spectre.Console;
using Telltale.Cli.Rendering;
using Telltale.Findings;

namespace Telltale.Tests.Rendering;

public sealed class TerminalReportPlatformTests
{
    private static string Render(ScanTarget target)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 240;
        TerminalReport.Render(console, new ScanReport
        {
            ToolVersion = "0.1.0-test",
            Target = target,
            ScannedAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
            Statistics = new ScanStatistics(),
            Findings = [],
        }, showInfo: false);
        return output.ToString();
    }

    [Fact]
    public void Names_the_platform_packages_under_the_header()
    {
        var text = Render(new ScanTarget("@anthropic-ai/claude-code", "2.1.197", "00", "npm")
        {
            Platform = "linux-x64",
            PlatformPackages = [new PlatformPackage("@anthropic-ai/claude-code-linux-x64", "2.1.197", "11")],
        });

        Assert.Contains("platform packages (linux-x64): @anthropic-ai/claude-code-linux-x64@2.1.197\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_on_the_line_under_the_title_when_no_platform_package_fits()
    {
        var lines = Render(new ScanTarget("@anthropic-ai/claude-code", "2.1.197", "00", "npm") { Platform = "freebsd-x64" }).Split('\n');

        Assert.Contains("telltale scan @anthropic-ai/claude-code@2.1.197", lines[0], StringComparison.Ordinal);
        Assert.Equal(" NO PLATFORM PACKAGE  @anthropic-ai/claude-code: no platform package for freebsd-x64: the program that runs on it was not scanned", lines[1]);
        Assert.StartsWith("sha256 00", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Names_every_package_without_its_platform_package_before_the_statistics()
    {
        var target = new ScanTarget("wrapper", "1.0.0", "00", "npm");
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 240;
        TerminalReport.Render(console, new ScanReport
        {
            ToolVersion = "0.1.0-test",
            Target = target,
            ScannedAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
            Statistics = new ScanStatistics(),
            Findings = [],
            Incomplete =
            [
                new IncompleteAnalysis("core@2.0.0", IncompleteAnalysis.PlatformAnalysis, "no platform package for linux-x64: the program that runs on it was not scanned"),
                new IncompleteAnalysis("core@2.0.0!/package/cli.js", "behaviour", "budget"),
            ],
        }, showInfo: false);

        var lines = output.ToString().Split('\n');
        Assert.Equal(" NO PLATFORM PACKAGE  core@2.0.0: no platform package for linux-x64: the program that runs on it was not scanned", lines[1]);
        Assert.StartsWith("sha256 00", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Says_nothing_of_platforms_for_a_target_without_them()
    {
        var text = Render(new ScanTarget("demo", "1.0.0", "00", "./demo"));

        Assert.DoesNotContain("platform", text, StringComparison.Ordinal);
    }
}
