using System.Globalization;
using System.Text;
using Spectre.Console;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Cli.Rendering;

/// <summary>
/// The readable terminal view: a header (with a line per application embedded in a single-file executable),
/// findings grouped by severity (highest first) with behaviours drawn as trees, and schemes.
/// </summary>
internal static class TerminalReport
{
    private const int MaxItemsShown = 12;
    private const int MaxIncompleteShown = 8;
    private const int MaxDecodedShown = 300;
    private const int MaxStepValuesShown = 8;
    private const int MaxDependenciesShown = 20;

    /// <param name="listEmbedded">List every file of each embedded application under its line (<c>scan --list-embedded</c>).</param>
    public static void Render(IAnsiConsole console, ScanReport report, bool showInfo, bool listEmbedded = false)
    {
        var target = report.Target;
        console.Write(new Rule($"[bold]telltale scan[/] {TerminalText.Markup(target.Name)}{(target.Version is null ? "" : "@" + TerminalText.Markup(target.Version))}").LeftJustified());

        // Right under the title: without its platform package the program itself was not scanned, whatever follows.
        foreach (var gap in report.PlatformGaps)
        {
            console.MarkupLine($"[black on yellow] NO PLATFORM PACKAGE [/] [yellow]{TerminalText.Markup(gap.Path)}: {TerminalText.Markup(gap.Reason)}[/]");
        }

        var stats = report.Statistics;
        console.MarkupLine($"[grey]sha256 {TerminalText.Markup(target.Sha256)} · {stats.Entries} files · {stats.Bytes / (1024.0 * 1024):F1} MB · {stats.Literals:N0} literals · {stats.DecodedLiterals:N0} decoded · {stats.Elapsed.TotalSeconds:F1} s[/]");
        if (target.PlatformPackages.Count > 0)
        {
            var platform = target.Platform is null ? "" : $" ({TerminalText.Markup(target.Platform)})";
            console.MarkupLine($"[grey]platform packages{platform}: {TerminalText.Join(", ", target.PlatformPackages.Select(p => p.ToString()))}[/]");
        }

        if (target.Dependencies is { } dependencies)
        {
            RenderDependencies(console, report, dependencies);
        }

        foreach (var payload in report.Payloads)
        {
            RenderPayload(console, payload, listEmbedded);
        }

        if (!report.Complete)
        {
            // First thing after the header: a clean-looking list below must not be read as a clean package.
            console.MarkupLine($"[black on yellow] INCOMPLETE [/] [yellow]{report.Incomplete.Count} {(report.Incomplete.Count == 1 ? "analysis was" : "analyses were")} cut short; the findings are a lower bound and every --fail-on fails[/]");
            foreach (var incomplete in report.Incomplete.Take(MaxIncompleteShown))
            {
                console.MarkupLine($"  [yellow]{TerminalText.Markup(incomplete.Path)}[/] [grey]({TerminalText.Markup(incomplete.Analysis)})[/] {TerminalText.Markup(incomplete.Reason)}");
            }

            if (report.Incomplete.Count > MaxIncompleteShown)
            {
                console.MarkupLine($"  [grey]… and {report.Incomplete.Count - MaxIncompleteShown} more (all in the JSON, SARIF and Markdown reports)[/]");
            }
        }

        console.WriteLine();

        foreach (var group in report.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key))
        {
            var findings = group.ToList();
            console.MarkupLine($"{Badge(group.Key)} [bold]{findings.Count} {group.Key.ToName()}[/]");
            if (group.Key == Severity.Info && !showInfo)
            {
                foreach (var byRule in findings.GroupBy(f => f.Title))
                {
                    console.MarkupLine($"  [grey]{byRule.Count(),5} × {TerminalText.Markup(byRule.Key)} (--show-info to list)[/]");
                }

                console.WriteLine();
                continue;
            }

            foreach (var finding in findings)
            {
                RenderFinding(console, finding);
            }
        }

        if (report.Schemes.Count > 0)
        {
            var table = new Table().Title("[bold]Obfuscation schemes[/]").AddColumns("Callee", "Chain", "Key", "Literals", "Decoded", "Sample");
            foreach (var scheme in report.Schemes)
            {
                table.AddRow(
                    TerminalText.Markup(scheme.Callee),
                    TerminalText.Join(" → ", scheme.Chain),
                    TerminalText.Markup(scheme.KeyText.Length > 0 ? $"\"{scheme.KeyText}\"" : scheme.KeyHex),
                    scheme.LiteralCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    $"{scheme.DecodedFraction:P1}",
                    TerminalText.Markup(Shorten(scheme.Samples.Count > 0 ? scheme.Samples[0] : "", 50)));
            }

            console.Write(table);
        }

        if (report.Findings.Count == 0)
        {
            console.MarkupLine("[green]No findings.[/]");
        }
    }

    /// <summary>
    /// One line for the closure, then one per dependency with findings above info (the findings themselves are listed
    /// with the rest, under <c>name@version!/</c>), so a thin wrapper's real code is named at the top.
    /// </summary>
    private static void RenderDependencies(IAnsiConsole console, ScanReport report, IReadOnlyList<DependencyPackage> dependencies)
    {
        var flagged = dependencies
            .Select(d => (Dependency: d, Findings: report.FindingsOf(d).Where(f => f.Severity > Severity.Info).ToList()))
            .Where(d => d.Findings.Count > 0)
            .ToList();
        console.MarkupLine(dependencies.Count == 0
            ? "[grey]dependencies: none (npm would install no other package)[/]"
            : $"[grey]dependencies: {dependencies.Count} {(dependencies.Count == 1 ? "package" : "packages")} npm would install, {flagged.Count} with findings above info[/]");
        foreach (var (dependency, findings) in flagged.Take(MaxDependenciesShown))
        {
            var counts = string.Join(", ", findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToName()}"));
            console.MarkupLine($"  [yellow]{TerminalText.Markup(dependency.PathPrefix)}[/] [grey]({TerminalText.Markup(JsonReportWriter.DependencyKindName(dependency.Kind))} of {TerminalText.Markup(dependency.RequiredBy)})[/] {counts}");
        }

        if (flagged.Count > MaxDependenciesShown)
        {
            console.MarkupLine($"  [grey]… and {flagged.Count - MaxDependenciesShown} more (all in the JSON, SARIF and Markdown reports)[/]");
        }
    }

    private static void RenderPayload(IAnsiConsole console, EmbeddedPayloadListing payload, bool listFiles)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"embedded {TerminalText.Line(payload.Format)} application in {TerminalText.Line(payload.Path)}: {EmbeddedPayloadText.FileCount(payload)}");
        if (payload.Files.Count > 0)
        {
            line.Append(" (").Append(EmbeddedPayloadText.KindCounts(payload)).Append(')');
        }

        var entryPoints = EmbeddedPayloadText.EntryPoints(payload);
        if (entryPoints.Count > 0)
        {
            line.Append(", entry ").AppendJoin(", ", entryPoints.Select(TerminalText.Line));
        }

        console.MarkupLine($"[grey]{TerminalText.Markup(line.ToString())}[/]");
        if (!listFiles || payload.Files.Count == 0)
        {
            return;
        }

        // Sizes right-aligned to the widest, so the names start in one column however many files there are.
        var sizes = payload.Files.Select(f => f.Bytes.ToString("N0", CultureInfo.InvariantCulture)).ToList();
        var sizeWidth = sizes.Max(s => s.Length);
        var kindWidth = payload.Files.Max(f => f.Kind.Length);
        for (var i = 0; i < payload.Files.Count; i++)
        {
            var file = payload.Files[i];
            var entry = file.IsEntryPoint ? " [bold](entry point)[/]" : "";
            var note = file.Note is { } text ? $" [grey]· {TerminalText.Markup(text)}[/]" : "";
            console.MarkupLine($"    {TerminalText.Markup(file.Kind.PadRight(kindWidth))}  {sizes[i].PadLeft(sizeWidth)}  {TerminalText.Markup(file.Name)}{entry}{note}");
        }
    }

    private static void RenderFinding(IAnsiConsole console, Finding finding)
    {
        console.MarkupLine($"  [bold]{TerminalText.Markup(finding.Title)}[/] [grey]{TerminalText.Markup(finding.RuleId)} · confidence {finding.Confidence:0.##}[/]");
        console.MarkupLine($"    [blue]{TerminalText.Markup(finding.Location.ToString())}[/] [grey](byte {finding.Location.Offset})[/]");
        if (finding.Occurrences > 1)
        {
            var others = finding.OtherLocations.Count == 0 ? "" : $": also {TerminalText.Join(", ", finding.OtherLocations.Select(l => l.ToString()))}{(finding.Occurrences - 1 > finding.OtherLocations.Count ? ", …" : "")}";
            console.MarkupLine($"    [grey]{finding.Occurrences:N0} places{others}[/]");
        }
        if (finding.Evidence.Chain.Count > 0)
        {
            console.MarkupLine($"    chain   {TerminalText.Join(" → ", finding.Evidence.Chain)}");
        }

        if (finding.Items.Count > 0)
        {
            var shown = TerminalText.Join(", ", finding.Items.Take(MaxItemsShown));
            var more = finding.Items.Count > MaxItemsShown ? $" … and {finding.Items.Count - MaxItemsShown} more" : "";
            console.MarkupLine($"    items   [yellow]{finding.Items.Count}[/]: {shown}{more}");
        }
        else if (finding.Evidence.Decoded is { } decoded)
        {
            console.MarkupLine($"    decoded {TerminalText.Markup(Shorten(decoded, MaxDecodedShown))}");
        }

        console.MarkupLine($"    [grey]literal {TerminalText.Markup(Shorten(finding.Evidence.Text, 80))}[/]");
        if (finding.Behaviour is { } behaviour)
        {
            WriteBehaviour(console, behaviour, indent: 4);
        }

        console.WriteLine();
    }

    /// <summary>Draws a behaviour's tree indented under its finding; <c>diff</c> draws new behaviours with it too.</summary>
    internal static void WriteBehaviour(IAnsiConsole console, Behaviour behaviour, int indent) =>
        console.Write(new Padder(BehaviourTree(behaviour), new Padding(indent, 0, 0, 0)) { Expand = false });

    /// <summary>The behaviour as a tree rooted at the sink, so each branch reads from the output back to its cause.</summary>
    internal static Tree BehaviourTree(Behaviour behaviour)
    {
        var bits = behaviour.CapacityBits.ToString("0.##", CultureInfo.InvariantCulture);
        var capacity = behaviour.CapacityBits > 0 ? $" [grey]· {bits} {(bits == "1" ? "bit" : "bits")} per message[/]" : "";
        var tree = new Tree(new Markup($"[bold]behaviour[/]{capacity}"));
        AddStep(tree, behaviour.Root);
        return tree;
    }

    private static void AddStep(IHasTreeNodes parent, BehaviourStep step)
    {
        var node = parent.AddNode(StepLabel(step));
        foreach (var child in step.Children)
        {
            AddStep(node, child);
        }
    }

    private static Markup StepLabel(BehaviourStep step)
    {
        var label = new StringBuilder();
        label.Append(CultureInfo.InvariantCulture, $"[{KindColour(step.Kind)}]{KindName(step.Kind)}[/] {TerminalText.Markup(step.Summary)} [grey]{TerminalText.Markup(step.Location.ToString())}[/]");
        if (step.Values.Count > 0)
        {
            var more = step.Values.Count > MaxStepValuesShown ? $" … and {step.Values.Count - MaxStepValuesShown} more" : "";
            if (step.Kind == BehaviourStepKind.List)
            {
                var decoded = step.DecodeChain.Count > 0 ? $" [grey](decoded: {TerminalText.Join(" → ", step.DecodeChain)})[/]" : "";
                var shown = TerminalText.Join(", ", step.Values.Take(MaxStepValuesShown));
                label.Append(CultureInfo.InvariantCulture, $"\n[yellow]{step.Values.Count}[/] items{decoded}: {shown}{more}");
            }
            else
            {
                // Variants and constants can be a single look-alike or invisible character, so they are quoted
                // and shown escaped; the summary already names the code points.
                var shown = string.Join(" · ", step.Values.Take(MaxStepValuesShown).Select(v => $"\"{TerminalText.Markup(v)}\""));
                label.Append(CultureInfo.InvariantCulture, $"\n[grey]values[/] {shown}{more}");
            }
        }

        return new Markup(label.ToString());
    }

    private static string KindName(BehaviourStepKind kind) => JsonReportWriter.StepKindName(kind);

    private static string KindColour(BehaviourStepKind kind) => kind switch
    {
        BehaviourStepKind.Sink => "red",
        BehaviourStepKind.Carrier => "magenta",
        BehaviourStepKind.Channel or BehaviourStepKind.Transform => "yellow",
        BehaviourStepKind.Comparison => "blue",
        BehaviourStepKind.List => "cyan",
        _ => "green",
    };

    internal static string Badge(Severity severity) => severity switch
    {
        Severity.Critical => "[white on red] CRITICAL [/]",
        Severity.High => "[black on red] HIGH [/]",
        Severity.Medium => "[black on yellow] MEDIUM [/]",
        Severity.Low => "[black on blue] LOW [/]",
        _ => "[black on grey] INFO [/]",
    };

    private static string Shorten(string text, int max)
    {
        var oneLine = text.ReplaceLineEndings("⏎");
        return oneLine.Length <= max ? oneLine : string.Concat(oneLine.AsSpan(0, max), "…");
    }
}
