using Telltale.Inventory;
using System.Globalization;
using Spectre.Console;
using Telltale.Policy;
using Telltale.Policy.Compliance;

namespace Telltale.Cli.Rendering;

/// <summary>
/// <c>check</c> on a terminal: the result first, then one line per item the policy names, then each entry's reason,
/// evidence and alternatives. Items the policy does not name are counted, not listed. Every name is escaped.
/// </summary>
internal static class ComplianceTerminalView
{
    public static void Render(IAnsiConsole console, ComplianceReport report)
    {
        var result = report.Failures > 0 ? "[red bold]FAIL[/]" : report.Warnings > 0 ? "[yellow bold]WARN[/]" : "[green bold]PASS[/]";
        var unlisted = report.Verdicts.Count(v => v.Outcome == ComplianceOutcome.NotListed);
        console.MarkupLine($"{result} policy [bold]{TerminalText.Markup(report.Policy)}[/] on {TerminalText.Markup(report.Subject)} at {report.CheckedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}: "
            + $"{report.Failures} banned in force, {report.Warnings} warning(s), {report.Verdicts.Count} item(s), {unlisted} not listed");
        var listed = report.Listed.ToList();

        // A line per verdict with its path beneath, not a table: messages and paths are long, and a table squeezed
        // into 80 columns breaks them into slivers.
        foreach (var verdict in listed)
        {
            var entry = verdict.Entry is null ? "" : $" · {TerminalText.Markup(verdict.Entry.Id)}{(verdict.Match == ComplianceMatch.Sha256 ? " by sha256" : "")}";
            console.MarkupLine($"  [{Colour(verdict.Outcome)}]{TerminalText.Markup(verdict.Message)}[/]  [bold]{TerminalText.Markup(ComplianceNames.Item(verdict.Item))}[/]{Embedded(verdict)}  [grey]{InventoryItemKindNames.Name(verdict.Item.Kind)} · {TerminalText.Markup(verdict.Item.Source)}{entry}[/]");
            Indented(console, $"[grey]{TerminalText.Markup(verdict.Item.Path)}[/]");
        }

        foreach (var entry in listed.Where(v => v.IsFailure || v.IsWarning).Select(v => v.Entry).OfType<PolicyEntry>().DistinctBy(e => e.Id))
        {
            console.MarkupLine($"[bold]{TerminalText.Markup(entry.Id)}[/] {TerminalText.Markup(entry.Title)}");
            if (entry.Reason is { } reason)
            {
                console.MarkupLine($"  {TerminalText.Markup(reason)}");
            }

            foreach (var evidence in entry.Evidence)
            {
                console.MarkupLine($"  [grey]evidence ({TerminalText.Markup(evidence.Kind)}):[/] {TerminalText.Markup(Short(evidence.Id))}{(evidence.Note is null ? "" : " — " + TerminalText.Markup(evidence.Note))}");
            }

            foreach (var alternative in entry.Alternatives)
            {
                var checkedText = alternative.Highest is null ? "" : $" [grey](latest scan{(alternative.Version is null ? "" : " of " + TerminalText.Markup(alternative.Version))}: highest {TerminalText.Markup(alternative.Highest)})[/]";
                console.MarkupLine($"  [green]use instead:[/] {TerminalText.Markup(alternative.Spec)}{checkedText}");
            }
        }

        foreach (var problem in report.Problems)
        {
            console.MarkupLine($"[yellow]not looked at:[/] {TerminalText.Markup(problem)}");
        }
    }

    /// <summary>A sha256 cut to the 12 digits <c>report show</c> takes; the JSON has it whole.</summary>
    private static string Short(string id) =>
        id.Length == 64 && id.All(char.IsAsciiHexDigit) ? id[..12] + "…" : id;

    private static void Indented(IAnsiConsole console, string markup) =>
        console.Write(new Padder(new Markup(markup).Overflow(Overflow.Fold), new Padding(6, 0, 0, 0)));

    private static string Embedded(ComplianceVerdict verdict) =>
        verdict.Item.EmbeddedPackage is { } package
            ? $" [grey](embeds {TerminalText.Markup(package)}{(verdict.Item.EmbeddedVersion is { } version ? "@" + TerminalText.Markup(version) : "")})[/]"
            : "";

    private static string Colour(ComplianceOutcome outcome) => outcome switch
    {
        ComplianceOutcome.Banned => "red",
        ComplianceOutcome.BannedSoon or ComplianceOutcome.Restricted or ComplianceOutcome.Review => "yellow",
        _ => "green",
    };
}
