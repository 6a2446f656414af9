using System.Globalization;
using System.Text;
using Telltale.Reports;

namespace Telltale.Probing.Evidence;

/// <summary>A replay as Markdown: the verdict, a table of the recorded channels with their status, the new channels.</summary>
public static class ReplayMarkdownWriter
{
    public static string Write(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var verdict = report.Verdict;
        md.AppendLine("# telltale probe replay");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Bundle `{MarkdownText.Code(report.Bundle.Directory)}` (recorded with telltale {MarkdownText.Inline(report.Bundle.Manifest.ToolVersion)}) · command `{MarkdownText.Code(string.Join(' ', report.Bundle.Manifest.Command.Arguments))}` · {report.Probe.Runs.Count.ToString(CultureInfo.InvariantCulture)} runs.");
        md.AppendLine();
        md.AppendLine(verdict.Reproduced
            ? "**Reproduced:** every recorded channel was found again, and no other."
            : $"**Not reproduced:** {verdict.Recorded.Count(c => !c.Confirmed).ToString(CultureInfo.InvariantCulture)} of {verdict.Recorded.Count.ToString(CultureInfo.InvariantCulture)} recorded channel(s) not found again, {verdict.New.Count.ToString(CultureInfo.InvariantCulture)} new.");
        md.AppendLine();
        foreach (var change in report.ChangedPrograms)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- replayed although {MarkdownText.Inline(change.Describe())}");
        }

        if (report.ChangedPrograms.Count > 0)
        {
            md.AppendLine();
        }

        Table(md, "Recorded channels", verdict.Recorded.Select(c => (c.Channel, c.Confirmed ? "confirmed" : "**not reproduced**")));
        Table(md, "New channels", verdict.New.Select(c => (c, "**new**")));
        return md.ToString();
    }

    private static void Table(StringBuilder md, string title, IEnumerable<(ChannelSignature Channel, string Status)> rows)
    {
        var list = rows.ToList();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title} ({list.Count.ToString(CultureInfo.InvariantCulture)})");
        md.AppendLine();
        if (list.Count == 0)
        {
            md.AppendLine("None.");
            md.AppendLine();
            return;
        }

        md.AppendLine("| status | request · field | kind | variants | explained by | changes |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var (channel, status) in list)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {status} | {MarkdownText.Inline(channel.Request)} · `{MarkdownText.TableCode(channel.Field)}` | {MarkdownText.Inline(channel.Kind)} | {MarkdownText.Inline(string.Join(", ", channel.Variants))} | {MarkdownText.Inline(channel.Attribution)} | {MarkdownText.Inline(string.Join("; ", channel.Changes))} |");
        }

        md.AppendLine();
    }
}
