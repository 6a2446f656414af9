using System.Globalization;
using System.Text;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// The diff for people (<c>diff --format markdown</c>): a pull-request comment on a dependency bump. Same
/// listing as the terminal view (ranked by severity, same-rule changes collapsed, info only counted unless
/// <paramref name="showInfo"/>), behaviours as the report's nested step list, then capabilities by
/// category. Every piece of report text goes through <see cref="MarkdownText"/>: evidence is hostile.
/// </summary>
public sealed class DiffMarkdownWriter(bool showInfo = false)
{
    public string Format => "markdown";

    public void Write(ReportDiff diff, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(output);

        var md = new StringBuilder();
        md.Append("# Telltale diff: ").Append(MarkdownText.Inline(DiffNames.Title(diff))).Append("\n\n");
        Side(md, "Old", diff.Old);
        Side(md, "New", diff.New);
        md.Append('\n');
        Summary(md, diff);
        Findings(md, diff);
        Capabilities(md, diff);
        output.Write(md.ToString());
    }

    private static void Side(StringBuilder md, string label, ScanReport report)
    {
        md.Append("- **").Append(label).Append(":** ").Append(MarkdownText.Code(DiffNames.Label(report.Target)))
            .Append(" (SHA-256 ").Append(MarkdownText.Code(report.Target.Sha256)).Append("), ")
            .Append(CultureInfo.InvariantCulture, $"{report.Findings.Count} findings, scanned ")
            .Append(report.ScannedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture))
            .Append(" by telltale ").Append(MarkdownText.Inline(report.ToolVersion)).Append('\n');
    }

    private static void Summary(StringBuilder md, ReportDiff diff)
    {
        md.Append("## Summary\n\n| Severity | New | Changed | Removed | Unchanged |\n| --- | ---: | ---: | ---: | ---: |\n");
        foreach (var severity in ReportOrder.SeveritiesHighestFirst)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {Heading(severity.ToName())} | {diff.Count(ChangeKind.Added, severity)} | {diff.Count(ChangeKind.Changed, severity)} | {diff.Count(ChangeKind.Removed, severity)} | {diff.Count(ChangeKind.Unchanged, severity)} |\n");
        }

        md.Append(CultureInfo.InvariantCulture,
            $"| **Total** | **{diff.Count(ChangeKind.Added)}** | **{diff.Count(ChangeKind.Changed)}** | **{diff.Count(ChangeKind.Removed)}** | **{diff.Count(ChangeKind.Unchanged)}** |\n\n");
    }

    private void Findings(StringBuilder md, ReportDiff diff)
    {
        md.Append("## Findings\n\n");
        var groups = diff.Listing(showInfo);
        if (groups.Count == 0)
        {
            md.Append("No finding is new, changed or gone").Append(diff.Changes.Any() ? " above info" : "").Append(".\n\n");
        }

        foreach (var group in groups)
        {
            Group(md, group);
        }

        var info = diff.Changes.Count(c => c.Severity == Severity.Info);
        if (!showInfo && info > 0)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"{info} info findings are new, changed or gone ({diff.Count(ChangeKind.Added, Severity.Info)} new, {diff.Count(ChangeKind.Changed, Severity.Info)} changed, {diff.Count(ChangeKind.Removed, Severity.Info)} removed); `--show-info` lists them.\n\n");
        }
    }

    private static void Group(StringBuilder md, FindingChangeGroup group)
    {
        var finding = group.First.Current;
        var count = group.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $"{group.Count} × ") : "";
        md.Append("### ").Append(Heading(group.Kind == ChangeKind.Added ? "new" : group.Kind.ToName())).Append(' ')
            .Append(group.Severity.ToName()).Append(": ").Append(count).Append(MarkdownText.Inline(finding.Title))
            .Append(" (").Append(MarkdownText.Inline(finding.RuleId)).Append(")\n\n");
        if (group.Collapsed)
        {
            md.Append("- **Values:** ").Append(MarkdownReportWriter.CodeList(group.Distinguishing())).Append("\n\n");
            return;
        }

        var change = group.First;
        md.Append("- **Location:** ").Append(MarkdownText.Code(finding.Location.ToString())).Append('\n');
        if (change.SeverityChanged)
        {
            md.Append("- **Severity:** ").Append(change.Old!.Severity.ToName()).Append(" → ").Append(change.New!.Severity.ToName()).Append('\n');
        }

        if (change.CapacityChanged)
        {
            md.Append(CultureInfo.InvariantCulture, $"- **Capacity:** {Bits(change.Old!.Behaviour!.CapacityBits)} → {Bits(change.New!.Behaviour!.CapacityBits)} bits per message\n");
        }

        if (change.Kind == ChangeKind.Changed)
        {
            Entries(md, "Items added", change.ItemsAdded);
            Entries(md, "Items removed", change.ItemsRemoved);
            Entries(md, "Capabilities added", change.CapabilitiesAdded);
            Entries(md, "Capabilities removed", change.CapabilitiesRemoved);
        }
        else if (finding.Items.Count > 0)
        {
            Entries(md, "Items", finding.Items);
        }
        else if (finding.Behaviour is null)
        {
            md.Append("- **Evidence:** ").Append(MarkdownText.Code(ReportText.Shorten((finding.Evidence.Decoded ?? finding.Evidence.Text).ReplaceLineEndings(" "), 200))).Append('\n');
        }

        md.Append('\n');
        if (change.Kind != ChangeKind.Changed && finding.Behaviour is { } behaviour)
        {
            MarkdownReportWriter.WriteBehaviour(md, behaviour);
        }
    }

    private static void Capabilities(StringBuilder md, ReportDiff diff)
    {
        md.Append("## Capabilities\n\n");
        var changes = diff.Capabilities.Where(c => c.Kind != ChangeKind.Unchanged).ToList();
        if (changes.Count == 0)
        {
            md.Append("No capability is new, changed or gone.\n");
            return;
        }

        foreach (var category in changes.GroupBy(c => c.Category))
        {
            md.Append("### ").Append(Heading(category.Key.ToTitle())).Append("\n\n");
            foreach (var change in category)
            {
                md.Append("- **").Append(change.Kind == ChangeKind.Added ? "new" : change.Kind.ToName()).Append("** ").Append(MarkdownText.Code(change.Name));
                if (change.Category == CapabilityCategory.HiddenLists)
                {
                    md.Append(change.Kind switch
                    {
                        ChangeKind.Added => string.Create(CultureInfo.InvariantCulture, $" ({change.NewCount} entries)"),
                        ChangeKind.Removed => string.Create(CultureInfo.InvariantCulture, $" ({change.OldCount} entries)"),
                        _ => string.Create(CultureInfo.InvariantCulture, $": {change.OldCount} → {change.NewCount} entries"),
                    });
                    if (change.Kind == ChangeKind.Changed)
                    {
                        md.Append('\n');
                        Entries(md, "Added", change.ItemsAdded, "  ");
                        Entries(md, "Removed", change.ItemsRemoved, "  ");
                        continue;
                    }
                }
                else if (change.Values.Count > 0)
                {
                    md.Append(": ").Append(string.Join(" · ", change.Values.Select(MarkdownText.Code)));
                }
                else if (change.Detail.Length > 0)
                {
                    md.Append(" — ").Append(MarkdownText.Inline(change.Detail));
                }

                md.Append('\n');
            }

            md.Append('\n');
        }
    }

    private static void Entries(StringBuilder md, string label, IReadOnlyList<string> values, string indent = "")
    {
        if (values.Count > 0)
        {
            md.Append(indent).Append(CultureInfo.InvariantCulture, $"- **{label} ({values.Count}):** ").Append(MarkdownReportWriter.CodeList(values)).Append('\n');
        }
    }

    private static string Bits(double bits) => bits.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Heading(string text) => string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));
}
