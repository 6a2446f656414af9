using Spectre.Console;
using Telltale.Findings;

namespace Telltale.Cli.Rendering;

/// <summary>The readable terminal view: a header, findings grouped by severity (highest first), and schemes.</summary>
internal static class TerminalReport
{
    private const int MaxItemsShown = 12;
    private const int MaxDecodedShown = 300;

    public static void Render(IAnsiConsole console, ScanReport report, bool showInfo)
    {
        var target = report.Target;
        console.Write(new Rule($"[bold]telltale scan[/] {Markup.Escape(target.Name)}{(target.Version is null ? "" : "@" + Markup.Escape(target.Version))}").LeftJustified());
        var stats = report.Statistics;
        console.MarkupLine($"[grey]sha256 {target.Sha256} · {stats.Entries} files · {stats.Bytes / (1024.0 * 1024):F1} MB · {stats.Literals:N0} literals · {stats.DecodedLiterals:N0} decoded · {stats.Elapsed.TotalSeconds:F1} s[/]");
        console.WriteLine();

        foreach (var group in report.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key))
        {
            var findings = group.ToList();
            console.MarkupLine($"{Badge(group.Key)} [bold]{findings.Count} {group.Key.ToName()}[/]");
            if (group.Key == Severity.Info && !showInfo)
            {
                foreach (var byRule in findings.GroupBy(f => f.Title))
                {
                    console.MarkupLine($"  [grey]{byRule.Count(),5} × {Markup.Escape(byRule.Key)} (--show-info to list)[/]");
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
                    Markup.Escape(scheme.Callee),
                    Markup.Escape(string.Join(" → ", scheme.Chain)),
                    Markup.Escape(scheme.KeyText.Length > 0 ? $"\"{scheme.KeyText}\"" : scheme.KeyHex),
                    scheme.LiteralCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    $"{scheme.DecodedFraction:P1}",
                    Markup.Escape(Shorten(scheme.Samples.Count > 0 ? scheme.Samples[0] : "", 50)));
            }

            console.Write(table);
        }

        if (report.Findings.Count == 0)
        {
            console.MarkupLine("[green]No findings.[/]");
        }
    }

    private static void RenderFinding(IAnsiConsole console, Finding finding)
    {
        console.MarkupLine($"  [bold]{Markup.Escape(finding.Title)}[/] [grey]{finding.RuleId} · confidence {finding.Confidence:0.##}[/]");
        console.MarkupLine($"    [blue]{Markup.Escape(finding.Location.ToString())}[/] [grey](byte {finding.Location.Offset})[/]");
        if (finding.Evidence.Chain.Count > 0)
        {
            console.MarkupLine($"    chain   {Markup.Escape(string.Join(" → ", finding.Evidence.Chain))}");
        }

        if (finding.Items.Count > 0)
        {
            var shown = string.Join(", ", finding.Items.Take(MaxItemsShown));
            var more = finding.Items.Count > MaxItemsShown ? $" … and {finding.Items.Count - MaxItemsShown} more" : "";
            console.MarkupLine($"    items   [yellow]{finding.Items.Count}[/]: {Markup.Escape(shown)}{more}");
        }
        else if (finding.Evidence.Decoded is { } decoded)
        {
            console.MarkupLine($"    decoded {Markup.Escape(Shorten(decoded, MaxDecodedShown))}");
        }

        console.MarkupLine($"    [grey]literal {Markup.Escape(Shorten(finding.Evidence.Text, 80))}[/]");
        console.WriteLine();
    }

    private static string Badge(Severity severity) => severity switch
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
