using System.Globalization;
using System.Text;
using Telltale.Reports;

namespace Telltale.Probing.Reports;

/// <summary>The probe report as Markdown: differences first (what changed, in which variants, why), then capacity, derived tokens, noise and the runs.</summary>
public static class ProbeMarkdownWriter
{
    public static string Write(ProbeReport report)
    {
        var md = new StringBuilder();
        var comparison = report.Comparison;
        md.AppendLine("# telltale probe");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command `{report.Command}` · {report.Matrix.Variants.Count} variants × {report.Matrix.Repeats} repeats · {report.Elapsed.TotalSeconds:0.0} s · baseline `{comparison.BaselineVariant}`");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Isolation: {MarkdownText.Inline(report.Isolation)}");
        md.AppendLine();

        md.AppendLine(CultureInfo.InvariantCulture, $"## Environment-dependent channels ({report.Channels.Count})");
        md.AppendLine();
        if (report.Channels.Count == 0)
        {
            md.AppendLine("None: no look-alike, invisible or small text change in the captured requests depends on the variant.");
            md.AppendLine();
        }

        foreach (var difference in report.Channels)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### {MarkdownText.Inline(difference.Request.ToString())} · `{MarkdownText.Code(difference.Field.ToString())}` · {difference.Kind}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- in: {string.Join(", ", difference.Variants.Select(v => $"`{MarkdownText.Code(v)}`"))} (against `{MarkdownText.Code(difference.ReferenceVariant)}`)");
            md.AppendLine(CultureInfo.InvariantCulture, $"- explained by: {MarkdownText.Inline(difference.Attribution.ToString())}");
            foreach (var change in difference.Changes)
            {
                var names = string.Join(", ", change.OldCodePoints) + " → " + string.Join(", ", change.NewCodePoints);
                var flags = (change.IsLookAlike ? " (look-alike)" : "") + (change.IsInvisible ? " (invisible)" : "");
                md.AppendLine(CultureInfo.InvariantCulture, $"- `{MarkdownText.Code(change.Excerpt)}` — {MarkdownText.Inline(names)}{flags}");
            }

            md.AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"## Visible changes ({report.VisibleChanges.Count})");
        md.AppendLine();
        md.AppendLine("Requests, fields or values present in some variants only: features the environment switches in plain sight.");
        md.AppendLine();
        foreach (var difference in report.VisibleChanges)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Inline(difference.Request.ToString())} `{MarkdownText.Code(difference.Field.ToString())}` {difference.Kind} in {difference.Variants.Count} variant(s) · {MarkdownText.Inline(difference.Attribution.ToString())}");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Measured capacity: {comparison.TotalBits:0.##} bits per message");
        md.AppendLine();
        if (comparison.Capacity.Count > 0)
        {
            md.AppendLine("| request | field | distinct values | bits |");
            md.AppendLine("|---|---|---:|---:|");
            foreach (var capacity in comparison.Capacity)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.Inline(capacity.Request.ToString())} | `{MarkdownText.Code(capacity.Field.ToString())}` | {capacity.DistinctValues} | {capacity.Bits:0.##} |");
            }

            md.AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"## Derived tokens ({comparison.Derived.Count})");
        md.AppendLine();
        md.AppendLine("High-entropy values that change whenever anything else in the request changes (hashes of the body): reported apart, not as channels.");
        md.AppendLine();
        foreach (var derived in comparison.Derived)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Inline(derived.Request.ToString())} `{MarkdownText.Code(derived.Field.ToString())}`: `{MarkdownText.Code(derived.ReferenceExcerpt)}` → `{MarkdownText.Code(derived.VariantExcerpt)}`");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Noise ({comparison.Noise.Count} fields differ between repeats of one variant)");
        md.AppendLine();
        foreach (var noise in comparison.Noise.Take(50))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Inline(noise.Request.ToString())} `{MarkdownText.Code(noise.Field.ToString())}`");
        }

        md.AppendLine();
        md.AppendLine("## Runs");
        md.AppendLine();
        md.AppendLine("| variant | repeat | exit | seconds | requests |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var outcome in report.Runs)
        {
            var exit = outcome.TimedOut ? "timed out" : outcome.Run.ExitCode.ToString(CultureInfo.InvariantCulture);
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{MarkdownText.Code(outcome.Run.Variant)}` | {outcome.Run.Repeat} | {exit} | {outcome.Duration.TotalSeconds:0.0} | {outcome.Run.Requests.Count} |");
        }

        return md.ToString();
    }
}
