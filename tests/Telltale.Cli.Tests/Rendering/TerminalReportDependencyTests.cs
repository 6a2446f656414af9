using Spectre.Console;
using Telltale.Cli.Rendering;
using Telltale.Findings;

namespace Telltale.Tests.Rendering;

/// <summary>The terminal view of <c>scan --deps</c>: the closure under the header, and each package with findings named.</summary>
public sealed class TerminalReportDependencyTests
{
    private static Finding Finding(string path, Severity severity) => new()
    {
        RuleId = "TT1001",
        Title = "Hidden list of domains",
        Severity = severity,
        Location = new SourceLocation(path, 1, 1, 0),
        Evidence = new Evidence("x"),
    };

    private static string Render(IReadOnlyList<DependencyPackage>? dependencies, params Finding[] findings)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 240;
        TerminalReport.Render(console, new ScanReport
        {
            ToolVersion = "0.1.0-test",
            Target = new ScanTarget("wrapper", "1.0.0", "00", "npm") { Dependencies = dependencies },
            ScannedAt = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
            Statistics = new ScanStatistics(),
            Findings = findings,
        }, showInfo: false);
        return output.ToString();
    }

    [Fact]
    public void Names_each_dependency_with_findings_above_info_and_where_each_finding_is()
    {
        var text = Render(
            [
                new DependencyPackage("core", "2.0.0", "11", DependencyKind.Dependency, "wrapper@1.0.0"),
                new DependencyPackage("core-utils", "2.0.0", "22", DependencyKind.Optional, "core@2.0.0"),
                new DependencyPackage("\u001b[2Jquiet", "1.0.0", "33", DependencyKind.Peer, "core@2.0.0"),
            ],
            Finding("core@2.0.0!/package/cli.js", Severity.Critical),
            Finding("core@2.0.0!/package/lib.js", Severity.Medium),
            Finding("core-utils@2.0.0!/package/x.js", Severity.Info),
            Finding("\u001b[2Jquiet@1.0.0!/package/y.js", Severity.Low));

        Assert.Contains("dependencies: 3 packages npm would install, 2 with findings above info\n", text, StringComparison.Ordinal);
        Assert.Contains("  core@2.0.0 (dependency of wrapper@1.0.0) 1 critical, 1 medium\n", text, StringComparison.Ordinal);
        Assert.Contains("  \\u{001B}[2Jquiet@1.0.0 (peer of core@2.0.0) 1 low\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("core-utils@2.0.0 (", text, StringComparison.Ordinal);
        Assert.Contains("core@2.0.0!/package/cli.js:1:1", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void Says_when_npm_would_install_nothing_else_and_nothing_when_not_asked()
    {
        Assert.Contains("dependencies: none (npm would install no other package)\n", Render([]), StringComparison.Ordinal);
        Assert.DoesNotContain("dependencies", Render(null), StringComparison.Ordinal);
    }
}
