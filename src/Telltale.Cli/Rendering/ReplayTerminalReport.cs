using Spectre.Console;
using Telltale.Probing.Evidence;

namespace Telltale.Cli.Rendering;

/// <summary>A replay for a terminal: each recorded channel confirmed or not reproduced, then any new channel.</summary>
internal static class ReplayTerminalReport
{
    public static void Render(IAnsiConsole console, ReplayReport report)
    {
        var verdict = report.Verdict;
        console.Write(new Rule($"[bold]telltale probe replay[/] {TerminalText.Markup(report.Bundle.Directory)}").LeftJustified());
        console.MarkupLine($"[grey]recorded with telltale {TerminalText.Markup(report.Bundle.Manifest.ToolVersion)}; {report.Probe.Runs.Count} runs of {TerminalText.Markup(string.Join(' ', report.Bundle.Manifest.Command.Arguments))}[/]");
        foreach (var change in report.ChangedPrograms)
        {
            console.MarkupLine($"[yellow]replayed although[/] {TerminalText.Markup(change.Describe())}");
        }

        console.WriteLine();
        foreach (var replayed in verdict.Recorded)
        {
            Line(console, replayed.Confirmed ? "[green bold]confirmed[/]" : "[red bold]not reproduced[/]", replayed.Channel);
        }

        foreach (var channel in verdict.New)
        {
            Line(console, "[red bold]new[/]", channel);
        }

        console.WriteLine();
        console.MarkupLine(verdict.Reproduced
            ? $"[green]Reproduced:[/] all {verdict.Recorded.Count} recorded channel(s) found again, and no other."
            : $"[red]Not reproduced:[/] {verdict.Recorded.Count(c => !c.Confirmed)} of {verdict.Recorded.Count} recorded channel(s) not found again, {verdict.New.Count} new.");
    }

    private static void Line(IAnsiConsole console, string status, ChannelSignature channel)
    {
        console.MarkupLine($"  {status}  [yellow]{TerminalText.Markup(channel.Kind)}[/] in {TerminalText.Markup(string.Join(", ", channel.Variants))} [grey]({TerminalText.Markup(channel.Attribution)})[/]");
        console.MarkupLine($"      [grey]{TerminalText.Markup(channel.Request)} {TerminalText.Markup(channel.Field)}: {TerminalText.Markup(string.Join("; ", channel.Changes))}[/]");
    }
}
