using Spectre.Console;
using Telltale.Findings;
using Telltale.Tracking.History;

namespace Telltale.Cli.Rendering;

/// <summary>The terminal view of <c>history</c>: a timeline table, or a bisection's boundaries and the versions it scanned.</summary>
internal static class TimelineTerminalView
{
    public static void Render(IAnsiConsole console, VersionTimeline timeline)
    {
        console.Write(new Rule($"[bold]telltale history[/] {TerminalText.Markup(timeline.Package)} {TerminalText.Markup(timeline.Range ?? "")}").LeftJustified());
        var scanned = timeline.Versions.Count(v => v.Scanned);
        var span = timeline.Versions.Count == 0 ? "" : $", {TimelineMarkdownWriter.Describe(timeline.Versions[0].Info)} to {TimelineMarkdownWriter.Describe(timeline.Versions[^1].Info)}";
        console.MarkupLine($"[grey]{scanned} of {timeline.Versions.Count} versions scanned{TerminalText.Markup(span)} · behaviours: findings at {timeline.MinSeverity.ToName()} or above[/]");
        console.WriteLine();
        if (timeline.Behaviours.Count == 0)
        {
            console.MarkupLine("[green]No behaviour in any scanned version.[/]");
        }

        // A block per behaviour rather than a table: titles and keys are long, and a table squeezed into
        // 80 columns breaks them into unreadable slivers.
        foreach (var behaviour in timeline.Behaviours)
        {
            console.MarkupLine($"{TerminalReport.Badge(behaviour.Severity)} [bold]{TerminalText.Markup(behaviour.RuleId)}[/] {TerminalText.Markup(behaviour.Title)}");
            var introduced = behaviour.PresentAtStart
                ? $"already in {TerminalText.Markup(TimelineMarkdownWriter.Describe(behaviour.Introduced))}, the start of the range"
                : $"introduced in [bold]{TerminalText.Markup(TimelineMarkdownWriter.Describe(behaviour.Introduced))}[/]";
            var absent = behaviour.FirstAbsent is { } gone ? $"gone in [bold]{TerminalText.Markup(TimelineMarkdownWriter.Describe(gone))}[/]" : "still present";
            console.MarkupLine($"    {introduced} · {absent}");
            var spans = string.Join(", ", behaviour.Spans.Select(s => s.ToString()));
            console.MarkupLine($"    [grey]present in {TerminalText.Markup(spans)}[/]{(behaviour.ComesAndGoes ? " [yellow](comes and goes)[/]" : "")}");
            console.MarkupLine($"    [grey]key {TerminalText.Markup(behaviour.Key)}[/]");
            console.WriteLine();
        }

        foreach (var failed in timeline.Versions.Where(v => !v.Scanned))
        {
            console.MarkupLine($"[yellow]not scanned: {TerminalText.Markup(failed.Info.Version)}: {TerminalText.Markup(failed.Error ?? "")}[/]");
        }
    }

    public static void Render(IAnsiConsole console, BisectResult result)
    {
        console.Write(new Rule($"[bold]telltale history --bisect[/] {TerminalText.Markup(result.Package)} {TerminalText.Markup(result.Range ?? "")}").LeftJustified());
        console.MarkupLine($"[grey]looked for {TerminalText.Markup(result.Behaviour)} in {result.VersionCount} versions, "
            + $"{TerminalText.Markup(TimelineMarkdownWriter.Describe(result.First))} to {TerminalText.Markup(TimelineMarkdownWriter.Describe(result.Last))}; scanned {result.Scans.Count}[/]");
        if (result.Title is { } title)
        {
            console.MarkupLine($"behaviour: [bold]{TerminalText.Markup(title)}[/]");
        }

        console.WriteLine();
        console.MarkupLine($"introduced  {Boundary(result.Introduced, result.LastWithout, "last without it", result.PresentAtStart == true ? $"at or before {TimelineMarkdownWriter.Describe(result.First)}" : "not found")}");
        console.MarkupLine($"removed     {Boundary(result.Removed, result.LastWith, "last with it", result.PresentAtEnd == true ? "still present at the end of the range" : "—")}");
        console.WriteLine();
        var scans = result.Scans.Select(s => s.Present switch
        {
            true => $"{TerminalText.Markup(s.Version.Version)} [red]present[/]",
            false => $"{TerminalText.Markup(s.Version.Version)} [green]absent[/]",
            null => $"{TerminalText.Markup(s.Version.Version)} [yellow]failed[/]",
        });
        console.MarkupLine($"[grey]scanned, in order:[/] {string.Join(", ", scans)}");
        foreach (var note in result.Notes)
        {
            console.MarkupLine($"[yellow]{TerminalText.Markup(note)}[/]");
        }
    }

    private static string Boundary(Artifacts.NpmVersionInfo? boundary, Artifacts.NpmVersionInfo? before, string beforeName, string otherwise) =>
        boundary is null
            ? $"[grey]{TerminalText.Markup(otherwise)}[/]"
            : $"[bold]{TerminalText.Markup(TimelineMarkdownWriter.Describe(boundary))}[/]{(before is null ? "" : $"  [grey]{beforeName}: {TerminalText.Markup(before.Version)}[/]")}";
}
