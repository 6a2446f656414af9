using Spectre.Console;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tracking;
using Telltale.Tracking.Diffing;

namespace Telltale.Tests.Tracking.Diffing;

/// <summary>The terminal view of claude-code 2.1.90 → 2.1.91 on a 120-column terminal: the new chain, then a screenful at most.</summary>
[Trait("Category", "RealPackage")]
public sealed class DiffTerminalRealPackageTests
{
    private const int Width = 120;

    private static IAnsiConsole Console(StringWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = Width;
        return console;
    }

    private static int Lines(string text) => text.TrimEnd('\n').Split('\n').Length;

    [Fact]
    public async Task Claude_code_2_1_91_shows_the_new_chain_and_at_most_a_screenful_of_other_changes()
    {
        var diff = await ReportDiffer.DiffAsync(
            new ScannerSource(new Scanner(new ScanOptions(), new TargetResolver())),
            "npm:@anthropic-ai/claude-code@2.1.90",
            "npm:@anthropic-ai/claude-code@2.1.91");

        using var output = new StringWriter();
        DiffTerminalReport.Render(Console(output), diff, showInfo: false);
        var text = output.ToString();

        var behaviour = Assert.Single(diff.Changes, c => c.Kind == ChangeKind.Added && c.Severity == Severity.Critical && c.New!.Behaviour is not null).New!.Behaviour!;
        using var tree = new StringWriter();
        TerminalReport.WriteBehaviour(Console(tree), behaviour, indent: 4);
        Assert.Contains(tree.ToString().TrimEnd('\n'), text, StringComparison.Ordinal);

        var others = Lines(text) - Lines(tree.ToString());
        Assert.True(others <= 40, $"{others} lines besides the behaviour tree:\n{text}");
        Assert.Contains("new Hidden list of domains decoded from an obfuscated literal", text, StringComparison.Ordinal);
        Assert.Contains("items 147:", text, StringComparison.Ordinal);
        Assert.Contains("items 11:", text, StringComparison.Ordinal);
        Assert.Contains("+ domains (147)  + keywords (11)", text, StringComparison.Ordinal);
    }
}
