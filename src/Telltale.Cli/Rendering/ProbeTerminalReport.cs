using Spectre.Console;
using Telltale.Probing;
using Telltale.Probing.Reports;

namespace Telltale.Cli.Rendering;

/// <summary>The probe report for a terminal: each difference with the exact characters, their names, and the factor behind it.</summary>
internal static class ProbeTerminalReport
{
    private const int MaxVisibleLines = 12;

    /// <summary>A visible change can rewrite a whole prompt block; a few of its changes say what it is.</summary>
    private const int MaxChangesPerVisibleChange = 3;

    /// <summary>Through a front door: each channel of the direct probe, closed or not; what the front door changed and saw; then both probes.</summary>
    public static void Render(IAnsiConsole console, FrontDoorProbeReport report)
    {
        console.Write(new Rule($"[bold]telltale probe[/] through {TerminalText.Markup(report.FrontDoor)}").LeftJustified());
        console.MarkupLine($"[grey]the same matrix run without the front door ({report.Direct.Runs.Count} runs), then through it ({report.Through.Runs.Count} runs); the capture endpoint stands for the upstream[/]");
        console.WriteLine();
        var channels = report.Channels;
        if (channels.Count == 0)
        {
            console.MarkupLine("[green]Without the front door the probe shows no environment-dependent channel[/].");
        }

        foreach (var (channel, reaches) in channels.Select(c => (c.Channel, c.ReachesUpstream)))
        {
            var verdict = reaches ? "[red bold]still reaches the upstream[/]" : "[green bold]closed[/]";
            console.MarkupLine($"  {verdict}  [yellow]{channel.Kind}[/] in {TerminalText.Markup(string.Join(", ", channel.Variants))}");
            console.MarkupLine($"      [grey]{TerminalText.Markup(channel.Request.ToString())} {TerminalText.Markup(channel.Field.ToString())}[/]");
            RenderChanges(console, channel, "      ", int.MaxValue);
        }

        foreach (var channel in report.NewChannels)
        {
            console.MarkupLine($"  [red bold]new at the upstream[/]  [yellow]{channel.Kind}[/] in {TerminalText.Markup(string.Join(", ", channel.Variants))} [grey]{TerminalText.Markup(channel.Request.ToString())} {TerminalText.Markup(channel.Field.ToString())}[/]");
            RenderChanges(console, channel, "      ", int.MaxValue);
        }

        console.WriteLine();
        if (report.IncompleteRuns.Count > 0)
        {
            console.MarkupLine($"[yellow]Incomplete:[/] the front door's record of {report.IncompleteRuns.Count} run(s) is missing decisions; the tables below may leave out changes made in them.");
        }

        console.MarkupLine("[bold]Characters the front door changed[/]");
        if (report.CharacterChanges.Count == 0)
        {
            console.MarkupLine("  [grey]none[/]");
        }

        foreach (var change in report.CharacterChanges)
        {
            var variants = string.Join(", ", change.Variants.Select(v => $"{v.Variant} ×{v.Changes}"));
            console.MarkupLine($"  {TerminalText.Markup(change.Before)} → {TerminalText.Markup(change.After.Length == 0 ? "(removed)" : change.After)} [grey]{TerminalText.Markup(change.Reason)}[/] in {TerminalText.Markup(variants)}");
        }

        console.WriteLine();
        console.MarkupLine("[bold]Date forms the front door saw[/] [grey](ASCII separators are reported, never rewritten)[/]");
        foreach (var (variant, forms) in report.DateForms)
        {
            console.MarkupLine($"  {TerminalText.Markup(variant)}: {TerminalText.Markup(forms.Count == 0 ? "none" : string.Join(", ", forms))}");
        }

        foreach (var (variant, variation) in report.Variations)
        {
            var counts = string.Join(", ", variation.Forms.Select(f => $"{f.Form} ({f.Requests})"));
            console.MarkupLine($"  [yellow]variation[/] reported in {TerminalText.Markup(variant)}: {TerminalText.Markup(variation.Client)} now writes dates as {TerminalText.Markup(counts)}");
        }

        foreach (var (variant, decision) in report.Answered.Take(MaxVisibleLines))
        {
            console.MarkupLine($"  [yellow]{TerminalText.Markup(decision.Action)} {decision.Status}[/] {TerminalText.Markup(variant)} {TerminalText.Markup(decision.Method)} {TerminalText.Markup(decision.Route)}{(decision.Notes.Count > 0 ? " — " + TerminalText.Markup(decision.Notes[0]) : "")}");
        }

        console.WriteLine();
        console.MarkupLine(report.HasChannelsAtUpstream
            ? $"[red bold]{report.Through.Channels.Count} channel(s) still reach the upstream through the front door[/] (details: --format json or markdown)"
            : "[green bold]No environment-dependent channel reaches the upstream through the front door[/]");
    }

    public static void Render(IAnsiConsole console, ProbeReport report)
    {
        var comparison = report.Comparison;
        console.Write(new Rule($"[bold]telltale probe[/] {TerminalText.Markup(report.Command)}").LeftJustified());
        console.MarkupLine($"[grey]{report.Matrix.Variants.Count} variants × {report.Matrix.Repeats} repeats · {report.Runs.Count} runs · {report.Elapsed.TotalSeconds:0.0} s · baseline {TerminalText.Markup(comparison.BaselineVariant)}[/]");
        console.MarkupLine($"[grey]{TerminalText.Markup(report.Isolation)}[/]");
        console.MarkupLine($"[grey]Matrix: {TerminalText.Markup(report.MatrixSource.Summary())}[/]");
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
            RenderChanges(console, difference, "    ", int.MaxValue);
        }

        var visible = report.VisibleChanges;
        if (visible.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{visible.Count} visible change(s)[/] [grey](features the environment switches in plain sight: requests, fields or values present in some variants only)[/]");
            foreach (var difference in visible.Take(MaxVisibleLines))
            {
                console.MarkupLine($"  [grey]{TerminalText.Markup(difference.Request.ToString())} {TerminalText.Markup(difference.Field.ToString())} {difference.Kind} · {TerminalText.Markup(difference.Attribution.ToString())}[/]");
                RenderChanges(console, difference, "    ", MaxChangesPerVisibleChange);
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

    /// <summary>Each change with its excerpt marked in place and, under it, the code points named; a presence difference shows its two sides.</summary>
    private static void RenderChanges(IAnsiConsole console, ProbeDifference difference, string indent, int limit)
    {
        var changes = MarkedChange.Of(difference);
        foreach (var change in changes.Take(limit))
        {
            console.MarkupLine($"{indent}change  {TerminalText.Markup(change.Excerpt)}");
            if (change.CodePoints is not null)
            {
                console.MarkupLine($"{indent}        [grey]{TerminalText.Markup(change.CodePoints)}[/]");
            }
        }

        if (changes.Count > limit)
        {
            console.MarkupLine($"{indent}[grey]… and {changes.Count - limit} more change(s) (all in the JSON and Markdown reports)[/]");
        }
    }
}
