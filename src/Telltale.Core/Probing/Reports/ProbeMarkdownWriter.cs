using System.Globalization;
using System.Text;
using Telltale.Reports;

namespace Telltale.Probing.Reports;

/// <summary>The probe report as Markdown: differences first (what changed, in which variants, why), then capacity, derived tokens, noise and the runs.</summary>
public static class ProbeMarkdownWriter
{
    /// <summary>A probe through a front door: the verdict per channel, what the front door changed and saw by variant, then both probes.</summary>
    public static string Write(FrontDoorProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine("# telltale probe through a front door");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command {MarkdownText.Code(report.Direct.Command)} · front door: {MarkdownText.Inline(report.FrontDoor)} · the same matrix run without it, then through it.");
        md.AppendLine();
        var channels = report.Channels;
        md.AppendLine(CultureInfo.InvariantCulture, $"## Channels without the front door ({channels.Count}): {channels.Count(c => !c.ReachesUpstream)} closed, {channels.Count(c => c.ReachesUpstream)} still reach the upstream");
        md.AppendLine();
        if (channels.Count > 0)
        {
            md.AppendLine("| request · field | kind | variants | changes | through the front door |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var (channel, reaches) in channels.Select(c => (c.Channel, c.ReachesUpstream)))
            {
                var changes = string.Join("; ", MarkedChange.Of(channel).Select(Cell));
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {MarkdownText.Inline(channel.Request.ToString())} · {MarkdownText.TableCode(channel.Field.ToString())} | {channel.Kind} | {MarkdownText.Inline(string.Join(", ", channel.Variants))} | {changes} | {(reaches ? "**still reaches the upstream**" : "closed")} |");
            }

            md.AppendLine();
        }

        if (report.NewChannels.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## Channels at the upstream that the direct probe did not show ({report.NewChannels.Count})");
            md.AppendLine();
            foreach (var channel in report.NewChannels)
            {
                AppendDifference(md, channel);
            }

            md.AppendLine();
        }

        if (report.IncompleteRuns.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Incomplete:** the front door's record of {report.IncompleteRuns.Count} run(s) is missing decisions; the tables below may leave out changes made in them.");
            md.AppendLine();
        }

        md.AppendLine("## Characters the front door changed");
        md.AppendLine();
        if (report.CharacterChanges.Count == 0)
        {
            md.AppendLine("None.");
        }
        else
        {
            md.AppendLine("| before | after | reason | variants (changes) |");
            md.AppendLine("|---|---|---|---|");
            foreach (var change in report.CharacterChanges)
            {
                var variants = string.Join(", ", change.Variants.Select(v => $"{v.Variant} ({v.Changes.ToString(CultureInfo.InvariantCulture)})"));
                md.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.Inline(change.Before)} | {(change.After.Length == 0 ? "(removed)" : MarkdownText.Inline(change.After))} | {MarkdownText.Inline(change.Reason)} | {MarkdownText.Inline(variants)} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Date forms the front door saw");
        md.AppendLine();
        md.AppendLine("ASCII separators are not look-alikes and are never rewritten; a form seen in some variants only is the separator channel, reported here and in the gateway's per-client variation.");
        md.AppendLine();
        foreach (var (variant, forms) in report.DateForms)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Code(variant)}: {(forms.Count == 0 ? "none" : MarkdownText.Inline(string.Join(", ", forms)))}");
        }

        foreach (var (variant, variation) in report.Variations)
        {
            var counts = string.Join(", ", variation.Forms.Select(f => $"{f.Form} ({f.Requests.ToString(CultureInfo.InvariantCulture)})"));
            md.AppendLine(CultureInfo.InvariantCulture, $"- variation reported in {MarkdownText.Code(variant)}: {MarkdownText.Inline(variation.Client)} now writes dates as {MarkdownText.Inline(counts)}");
        }

        md.AppendLine();
        if (report.Answered.Count > 0)
        {
            md.AppendLine("## Answered by the front door");
            md.AppendLine();
            foreach (var (variant, decision) in report.Answered)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Code(variant)} {MarkdownText.Inline(decision.Method)} {MarkdownText.Inline(decision.Route)}: {decision.Action} {decision.Status.ToString(CultureInfo.InvariantCulture)}{(decision.Notes.Count > 0 ? " — " + MarkdownText.Inline(decision.Notes[0]) : "")}");
            }

            md.AppendLine();
        }

        md.AppendLine("---");
        md.AppendLine();
        md.Append(Write(report.Direct, "Without the front door"));
        md.AppendLine();
        md.Append(Write(report.Through, "Through the front door"));
        return md.ToString();
    }

    public static string Write(ProbeReport report) => Write(report, "telltale probe");

    private static string Write(ProbeReport report, string title)
    {
        var md = new StringBuilder();
        var comparison = report.Comparison;
        md.AppendLine(CultureInfo.InvariantCulture, $"# {title}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command {MarkdownText.Code(report.Command)} · {report.Matrix.Variants.Count} variants × {report.Matrix.Repeats} repeats · {report.Elapsed.TotalSeconds:0.0} s · baseline {MarkdownText.Code(comparison.BaselineVariant)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Isolation: {MarkdownText.Inline(report.Isolation)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Matrix: {MarkdownText.Inline(report.MatrixSource.Summary())}");
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
            md.AppendLine(CultureInfo.InvariantCulture, $"### {MarkdownText.Inline(difference.Request.ToString())} · {MarkdownText.Code(difference.Field.ToString())} · {difference.Kind}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- in: {string.Join(", ", difference.Variants.Select(MarkdownText.Code))} (against {MarkdownText.Code(difference.ReferenceVariant)})");
            md.AppendLine(CultureInfo.InvariantCulture, $"- explained by: {MarkdownText.Inline(difference.Attribution.ToString())}");
            foreach (var change in MarkedChange.Of(difference))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Line(change)}");
            }

            md.AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"## Visible changes ({report.VisibleChanges.Count})");
        md.AppendLine();
        md.AppendLine("Requests, fields or values present in some variants only: features the environment switches in plain sight.");
        md.AppendLine();
        foreach (var difference in report.VisibleChanges)
        {
            AppendDifference(md, difference);
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
                md.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.Inline(capacity.Request.ToString())} | {MarkdownText.TableCode(capacity.Field.ToString())} | {capacity.DistinctValues} | {capacity.Bits:0.##} |");
            }

            md.AppendLine();
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"## Derived tokens ({comparison.Derived.Count})");
        md.AppendLine();
        md.AppendLine("High-entropy values that change whenever anything else in the request changes (hashes of the body): reported apart, not as channels.");
        md.AppendLine();
        foreach (var derived in comparison.Derived)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Inline(derived.Request.ToString())} {MarkdownText.Code(derived.Field.ToString())}: {MarkdownText.Code(derived.ReferenceExcerpt)} → {MarkdownText.Code(derived.VariantExcerpt)}");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Noise ({comparison.Noise.Count} fields differ between repeats of one variant)");
        md.AppendLine();
        foreach (var noise in comparison.Noise.Take(50))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Inline(noise.Request.ToString())} {MarkdownText.Code(noise.Field.ToString())}");
        }

        md.AppendLine();
        md.AppendLine("## Runs");
        md.AppendLine();
        md.AppendLine("| variant | repeat | exit | seconds | requests |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var outcome in report.Runs)
        {
            var exit = outcome.TimedOut ? "timed out" : outcome.Run.ExitCode.ToString(CultureInfo.InvariantCulture);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.TableCode(outcome.Run.Variant)} | {outcome.Run.Repeat} | {exit} | {outcome.Duration.TotalSeconds:0.0} | {outcome.Run.Requests.Count} |");
        }

        return md.ToString();
    }

    /// <summary>A difference as a list item, its changes nested under it.</summary>
    private static void AppendDifference(StringBuilder md, ProbeDifference difference)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Inline(difference.Request.ToString())} {MarkdownText.Code(difference.Field.ToString())} {difference.Kind} in {difference.Variants.Count} variant(s) · {MarkdownText.Inline(difference.Attribution.ToString())}");
        foreach (var change in MarkedChange.Of(difference))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"  - {Line(change)}");
        }
    }

    /// <summary>The marked excerpt as code, so nothing the tool wrote is read as Markdown, then the code points named.</summary>
    private static string Line(MarkedChange change) => Show(change, MarkdownText.Code);

    /// <summary><see cref="Line"/> for a table cell, where a <c>|</c> even inside code would end the cell.</summary>
    private static string Cell(MarkedChange change) => Show(change, MarkdownText.TableCode);

    private static string Show(MarkedChange change, Func<string, string> code) =>
        change.CodePoints is null ? code(change.Excerpt) : $"{code(change.Excerpt)} — {MarkdownText.Inline(change.CodePoints)}";
}
