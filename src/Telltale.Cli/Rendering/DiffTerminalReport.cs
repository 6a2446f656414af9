using System.Globalization;
using System.Text;
using Spectre.Console;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Tracking.Diffing;

namespace Telltale.Cli.Rendering;

/// <summary>
/// The terminal view of <c>telltale diff</c>: a header, the changed findings ranked by severity (new
/// behaviours drawn as the scan draws them, many same-rule changes in one line, info only counted), then
/// the capabilities that came or went. Meant to fit a screen when a release changes little.
/// </summary>
internal static class DiffTerminalReport
{
    private const int MaxItemsShown = 12;
    private const int MaxEvidenceShown = 60;

    public static void Render(IAnsiConsole console, ReportDiff diff, bool showInfo)
    {
        console.Write(new Rule($"[bold]telltale diff[/] {Escape(Visible(DiffNames.Title(diff)))}").LeftJustified());
        console.MarkupLine($"[grey]old sha256 {Escape(Short(diff.Old.Target.Sha256))} · {diff.Old.Findings.Count} findings · new sha256 {Escape(Short(diff.New.Target.Sha256))} · {diff.New.Findings.Count} findings[/]");
        console.MarkupLine($"findings: [bold]{diff.Count(ChangeKind.Added)} new[/] · {diff.Count(ChangeKind.Changed)} changed · {diff.Count(ChangeKind.Removed)} removed · [grey]{diff.Count(ChangeKind.Unchanged)} unchanged[/]");
        console.WriteLine();

        var groups = diff.Listing(showInfo);
        foreach (var group in groups)
        {
            RenderGroup(console, group);
        }

        var info = diff.Changes.Count(c => c.Severity == Severity.Info);
        if (!showInfo && info > 0)
        {
            console.MarkupLine($"[grey]info: {diff.Count(ChangeKind.Added, Severity.Info)} new · {diff.Count(ChangeKind.Changed, Severity.Info)} changed · {diff.Count(ChangeKind.Removed, Severity.Info)} removed (--show-info to list)[/]");
        }
        else if (groups.Count == 0)
        {
            console.MarkupLine("[green]No finding is new, changed or gone.[/]");
        }

        RenderCapabilities(console, diff);
    }

    private static void RenderGroup(IAnsiConsole console, FindingChangeGroup group)
    {
        var change = group.First;
        var finding = change.Current;
        var kind = KindLabel(group.Kind);
        if (group.Collapsed)
        {
            var values = group.Distinguishing();
            var shown = string.Join(", ", values.Take(MaxItemsShown).Select(Visible));
            var more = values.Count > MaxItemsShown ? $" … and {values.Count - MaxItemsShown} more" : "";
            console.MarkupLine($"{TerminalReport.Badge(group.Severity)} {group.Count} × {kind} {Escape(finding.Title)} [grey]{Escape(finding.RuleId)}[/]: {Escape(shown)}{more}");
            return;
        }

        var copies = group.Count > 1 ? $" [grey](× {group.Count})[/]" : "";
        var evidence = finding.Items.Count == 0 && finding.Behaviour is null
            ? $": {Escape(Visible(ReportText.Shorten((finding.Evidence.Decoded ?? finding.Evidence.Text).ReplaceLineEndings(" "), MaxEvidenceShown)))}"
            : "";
        console.MarkupLine($"{TerminalReport.Badge(group.Severity)} {kind} {Escape(finding.Title)} [grey]{Escape(finding.RuleId)}[/]{evidence}{copies} [blue]{Escape(Visible(finding.Location.ToString()))}[/]");

        if (change.SeverityChanged)
        {
            console.MarkupLine($"    severity {change.Old!.Severity.ToName()} → [bold]{change.New!.Severity.ToName()}[/]");
        }

        if (change.CapacityChanged)
        {
            console.MarkupLine($"    capacity {Bits(change.Old!.Behaviour!.CapacityBits)} → [bold]{Bits(change.New!.Behaviour!.CapacityBits)}[/] bits per message");
        }

        if (change.Kind == ChangeKind.Changed)
        {
            Entries(console, "[red]+[/]", change.ItemsAdded);
            Entries(console, "[green]−[/]", change.ItemsRemoved);
            Entries(console, "[red]+ capability[/]", change.CapabilitiesAdded);
            Entries(console, "[green]− capability[/]", change.CapabilitiesRemoved);
        }
        else if (finding.Items.Count > 0)
        {
            Entries(console, "items", finding.Items);
        }

        if (change.Kind == ChangeKind.Added && finding.Behaviour is { } behaviour)
        {
            TerminalReport.WriteBehaviour(console, behaviour, indent: 4);
            console.WriteLine();
        }
    }

    private static void RenderCapabilities(IAnsiConsole console, ReportDiff diff)
    {
        var changes = diff.Capabilities.Where(c => c.Kind != ChangeKind.Unchanged).ToList();
        console.WriteLine();
        if (changes.Count == 0)
        {
            console.MarkupLine("[bold]capabilities[/] [grey]none new, changed or gone[/]");
            return;
        }

        console.MarkupLine("[bold]capabilities[/]");
        var width = changes.Max(c => c.Category.ToTitle().Length);
        foreach (var category in changes.GroupBy(c => c.Category))
        {
            var line = new StringBuilder();
            var lists = new List<CapabilityChange>();
            foreach (var change in category)
            {
                line.Append(line.Length == 0 ? "" : "  ").Append(Capability(change));
                if (change.Kind == ChangeKind.Changed)
                {
                    lists.Add(change);
                }
            }

            console.MarkupLine($"  {category.Key.ToTitle().PadRight(width)}  {line}");
            foreach (var list in lists)
            {
                Entries(console, $"[red]+[/] {Escape(list.Name)}", list.ItemsAdded, indent: width + 4);
                Entries(console, $"[green]−[/] {Escape(list.Name)}", list.ItemsRemoved, indent: width + 4);
            }
        }
    }

    private static string Capability(CapabilityChange change)
    {
        var sign = change.Kind switch
        {
            ChangeKind.Added => "[red]+[/]",
            ChangeKind.Removed => "[green]−[/]",
            _ => "[yellow]~[/]",
        };
        var text = new StringBuilder().Append(sign).Append(' ').Append(Escape(Visible(change.Name)));
        if (change.Category == CapabilityCategory.HiddenLists)
        {
            text.Append(change.Kind switch
            {
                ChangeKind.Added => $" ({change.NewCount.ToString(CultureInfo.InvariantCulture)})",
                ChangeKind.Removed => $" ({change.OldCount.ToString(CultureInfo.InvariantCulture)})",
                _ => $" ({change.OldCount.ToString(CultureInfo.InvariantCulture)} → {change.NewCount.ToString(CultureInfo.InvariantCulture)})",
            });
        }
        else if (change.Values.Count > 0)
        {
            // Variants can be one look-alike or invisible character: quoted and escaped, as the tree shows them.
            text.Append(' ').Append(Escape(string.Join(" · ", change.Values.Take(MaxItemsShown).Select(v => $"\"{Visible(v)}\""))));
        }

        return text.ToString();
    }

    private static void Entries(IAnsiConsole console, string label, IReadOnlyList<string> values, int indent = 4)
    {
        if (values.Count == 0)
        {
            return;
        }

        var shown = string.Join(", ", values.Take(MaxItemsShown).Select(Visible));
        var more = values.Count > MaxItemsShown ? $" … and {values.Count - MaxItemsShown} more" : "";
        console.MarkupLine($"{new string(' ', indent)}{label} [yellow]{values.Count}[/]: {Escape(shown)}{more}");
    }

    private static string KindLabel(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "[bold red]new[/]",
        ChangeKind.Changed => "[bold yellow]changed[/]",
        ChangeKind.Removed => "[bold green]removed[/]",
        _ => "unchanged",
    };

    private static string Bits(double bits) => bits.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

    private static string Visible(string text) => TerminalText.Line(text);

    // Every string from either report goes through here: saved reports and packages alike are attacker-controlled.
    private static string Escape(string text) => TerminalText.Markup(text);
}
