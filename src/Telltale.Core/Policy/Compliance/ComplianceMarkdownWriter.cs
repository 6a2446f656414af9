using Telltale.Inventory;
using System.Globalization;
using Telltale.Reports;

namespace Telltale.Policy.Compliance;

/// <summary><c>check --format markdown</c>: a summary line and one table row per verdict that names an entry, then the entries' reasons and alternatives.</summary>
public static class ComplianceMarkdownWriter
{
    public static void Write(ComplianceReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.Write($"# Policy check: {MarkdownText.Inline(report.Subject)}\n\n");
        output.Write($"Policy {MarkdownText.Code(report.Policy)}, checked at {report.CheckedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}: ");
        output.Write($"**{report.Result.ToUpperInvariant()}**, {report.Failures} banned in force, {report.Warnings} warnings, {report.Verdicts.Count} items.\n\n");
        var listed = report.Listed.ToList();
        if (listed.Count == 0)
        {
            output.Write("No item is named by the policy.\n");
        }
        else
        {
            output.Write("| verdict | item | kind | where | entry | match |\n|---|---|---|---|---|---|\n");
            foreach (var verdict in listed)
            {
                output.Write($"| {MarkdownText.Inline(verdict.Message)} | {MarkdownText.TableCode(ComplianceNames.Item(verdict.Item))} | {InventoryItemKindNames.Name(verdict.Item.Kind)} | {MarkdownText.TableCode(verdict.Item.Path)} | {(verdict.Entry is null ? "" : MarkdownText.TableCode(verdict.Entry.Id))} | {ComplianceNames.Match(verdict.Match)} |\n");
            }
        }

        foreach (var entry in listed.Select(v => v.Entry).OfType<PolicyEntry>().DistinctBy(e => e.Id))
        {
            output.Write($"\n## {MarkdownText.Inline(entry.Id)}: {MarkdownText.Inline(entry.Title)}\n\n");
            output.Write($"Status: {PolicyStatusNames.Name(entry.Status)}");
            if (entry.Effective is { } effective)
            {
                output.Write($", from {effective.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({MarkdownText.Inline(effective.TimeZone)})");
                output.Write(effective.GraceDays > 0 ? $", grace {effective.GraceDays} days" : "");
            }

            output.Write(".\n");
            if (entry.Reason is { } reason)
            {
                output.Write($"\n{MarkdownText.Paragraph(reason)}\n");
            }

            foreach (var evidence in entry.Evidence)
            {
                output.Write($"\n- Evidence ({MarkdownText.Inline(evidence.Kind)}): {MarkdownText.Code(evidence.Id)}{(evidence.Note is null ? "" : " — " + MarkdownText.Inline(evidence.Note))}");
            }

            foreach (var alternative in entry.Alternatives)
            {
                output.Write($"\n- Use instead: {MarkdownText.Code(alternative.Spec)}{(alternative.Highest is null ? "" : $" (latest scan: highest {MarkdownText.Inline(alternative.Highest)})")}");
            }

            output.Write("\n");
        }

        foreach (var problem in report.Problems)
        {
            output.Write($"\n> Not looked at: {MarkdownText.Inline(problem)}\n");
        }
    }
}
