using Spectre.Console;
using Telltale.Probing.Reports;

namespace Telltale.Cli.Rendering;

/// <summary>The probe report for a terminal: each difference with the exact characters, their names, and the factor behind it.</summary>
internal static class ProbeTerminalReport
{
    private const int MaxVisibleLines = 12;

    public static void Render(IAnsiConsole console, ProbeReport report)
    {
        var comparison = report.Comparison;
        console.Write(new Rule($"[bold]telltale probe[/] {TerminalText.Markup(report.Command)}").LeftJustified());
        console.MarkupLine($"[grey]{report.Matrix.Variants.Count} variants × {report.Matrix.Repeats} repeats · {report.Runs.Count} runs · {report.Elapsed.TotalSeconds:0.0} s · baseline {TerminalText.Markup(comparison.BaselineVariant)}[/]");
        console.MarkupLine($"[grey]{TerminalText.Markup(report.Isolation)}[/]");
        console.WriteLine();

        var channels = report.Channels;
        if (channels.Count == 0)
        {
            console.MarkupLine("[green]No environment-dependent channel[/]: no look-alike, invisible or small text change in the captured requests depends on the variant.");
        }
        else
        {
            console.MarkupLine($"[red bold]{channels.Count} environment-dependent channel(s)[/] · measured capacity {comparison.TotalBits:0.##} bits per message");
        }

        foreach (var difference in channels)
        {
            console.WriteLine();
            console.MarkupLine($"  [bold]{TerminalText.Markup(difference.Request.ToString())}[/] [grey]{TerminalText.Markup(difference.Field.ToString())}[/] [yellow]{difference.Kind}[/]");
            console.MarkupLine($"    in      {TerminalText.Markup(string.Join(", ", difference.Variants))} [grey](against {TerminalText.Markup(difference.ReferenceVariant)})[/]");
            console.MarkupLine($"    because {TerminalText.Markup(difference.Attribution.ToString())}");
            foreach (var change in difference.Changes)
            {
                console.MarkupLine($"    change  {TerminalText.Markup(change.Excerpt)}");
                console.MarkupLine($"            [grey]{TerminalText.Markup(string.Join(", ", change.OldCodePoints))} → {TerminalText.Markup(string.Join(", ", change.NewCodePoints))}{(change.IsLookAlike ? " · look-alike" : "")}{(change.IsInvisible ? " · invisible" : "")}[/]");
            }
        }

        var visible = report.VisibleChanges;
        if (visible.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{visible.Count} visible change(s)[/] [grey](features the environment switches in plain sight: requests, fields or values present in some variants only)[/]");
            foreach (var difference in visible.Take(MaxVisibleLines))
            {
                console.MarkupLine($"  [grey]{TerminalText.Markup(difference.Request.ToString())} {TerminalText.Markup(difference.Field.ToString())} {difference.Kind} · {TerminalText.Markup(difference.Attribution.ToString())}[/]");
            }

            if (visible.Count > MaxVisibleLines)
            {
                console.MarkupLine($"  [grey]… and {visible.Count - MaxVisibleLines} more (all in the JSON and Markdown reports)[/]");
            }
        }

        console.WriteLine();
        console.MarkupLine($"[grey]{comparison.Derived.Count} derived token(s) (hashes of the body) and {comparison.Noise.Count} noise field(s) (differ between repeats) set aside.[/]");
        var failed = report.Runs.Where(r => r.TimedOut || r.Run.ExitCode != 0).ToList();
        if (failed.Count > 0)
        {
            console.MarkupLine($"[yellow]{failed.Count} run(s) did not finish cleanly[/]: {TerminalText.Markup(string.Join(", ", failed.Take(6).Select(f => $"{f.Run.Variant} #{f.Run.Repeat} ({(f.TimedOut ? "timed out" : "exit " + f.Run.ExitCode)})")))}{(failed.Count > 6 ? " …" : "")}");
            var firstError = failed.Select(f => f.Run.Stderr.Trim()).FirstOrDefault(e => e.Length > 0);
            if (firstError is not null)
            {
                console.MarkupLine($"    [grey]first error output: {TerminalText.Markup(firstError.Split('\n')[0])}[/]");
            }
        }
    }
}
