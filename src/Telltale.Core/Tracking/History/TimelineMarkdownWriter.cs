using System.Globalization;
using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tracking.History;

/// <summary><c>history --format markdown</c>: a timeline or a bisection for a pull request or an issue.</summary>
public static class TimelineMarkdownWriter
{
    public static void Write(VersionTimeline timeline, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(output);
        var text = new StringBuilder();
        text.Append("# History of ").Append(MarkdownText.Code(timeline.Package));
        if (timeline.Range is { } range)
        {
            text.Append(' ').Append(MarkdownText.Code(range));
        }

        text.Append("\n\n");
        var scanned = timeline.Versions.Count(v => v.Scanned);
        text.Append(CultureInfo.InvariantCulture, $"{scanned} of {timeline.Versions.Count} versions scanned");
        if (timeline.Versions.Count > 0)
        {
            text.Append(", ").Append(Describe(timeline.Versions[0].Info)).Append(" to ").Append(Describe(timeline.Versions[^1].Info));
        }

        text.Append(CultureInfo.InvariantCulture, $"; behaviours are findings at {timeline.MinSeverity.ToName()} or above.\n\n");
        if (timeline.Behaviours.Count == 0)
        {
            text.Append("No behaviour in any scanned version.\n");
        }
        else
        {
            text.Append("| behaviour | severity | first with it | first without it | present in |\n|---|---|---|---|---|\n");
            foreach (var behaviour in timeline.Behaviours)
            {
                var introduced = (behaviour.PresentAtStart ? "≤ " : "") + Describe(behaviour.Introduced);
                var absent = behaviour.FirstAbsent is { } gone ? Describe(gone) : "still present";
                var spans = string.Join(", ", behaviour.Spans.Select(Span));
                text.Append(CultureInfo.InvariantCulture,
                    $"| {MarkdownText.Inline(behaviour.RuleId)} {MarkdownText.Inline(behaviour.Title)} | {behaviour.Severity.ToName()} | {introduced} | {absent} | {spans} |\n");
            }

            text.Append("\nKeys:\n\n");
            foreach (var behaviour in timeline.Behaviours)
            {
                text.Append("- ").Append(MarkdownText.Inline(behaviour.Title)).Append(": ").Append(MarkdownText.Code(behaviour.Key)).Append('\n');
            }
        }

        var failed = timeline.Versions.Where(v => !v.Scanned).ToList();
        if (failed.Count > 0)
        {
            text.Append("\nNot scanned (changes across them are dated at the next scanned version):\n\n");
            foreach (var version in failed)
            {
                text.Append("- ").Append(version.Info.Version).Append(": ").Append(MarkdownText.Inline(version.Error ?? "")).Append('\n');
            }
        }

        output.Write(text.ToString());
    }

    public static void Write(BisectResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var text = new StringBuilder();
        text.Append("# Bisection of ").Append(MarkdownText.Code(result.Package));
        if (result.Range is { } range)
        {
            text.Append(' ').Append(MarkdownText.Code(range));
        }

        text.Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Looked for {MarkdownText.Inline(result.Behaviour)} in {result.VersionCount} versions, ")
            .Append(Describe(result.First)).Append(" to ").Append(Describe(result.Last))
            .Append(CultureInfo.InvariantCulture, $"; scanned {result.Scans.Count}.\n\n");
        if (result.Title is { } title)
        {
            text.Append("Behaviour: ").Append(MarkdownText.Inline(title)).Append("\n\n");
        }

        text.Append("- introduced: ").Append(Boundary(result.Introduced, result.LastWithout, "last without it", result.PresentAtStart == true ? $"at or before {Describe(result.First)}" : "not found")).Append('\n');
        text.Append("- removed: ").Append(Boundary(result.Removed, result.LastWith, "last with it", result.PresentAtEnd == true ? "still present at the end" : "—")).Append('\n');
        text.Append("\nScanned: ").Append(string.Join(", ", result.Scans.Select(s => $"{s.Version.Version} ({(s.Present is { } p ? p ? "present" : "absent" : "failed")})"))).Append('\n');
        if (result.Notes.Count > 0)
        {
            text.Append("\nNotes:\n\n");
            foreach (var note in result.Notes)
            {
                text.Append("- ").Append(MarkdownText.Inline(note)).Append('\n');
            }
        }

        output.Write(text.ToString());
    }

    /// <summary><c>2.1.91 (2026-04-03)</c>, or the version alone without a date.</summary>
    public static string Describe(NpmVersionInfo version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.PublishedAt is { } date ? $"{version.Version} ({date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : version.Version;
    }

    private static string Span(PresenceSpan span) => span.ToString();

    private static string Boundary(NpmVersionInfo? boundary, NpmVersionInfo? before, string beforeName, string otherwise) =>
        boundary is null ? otherwise : $"{Describe(boundary)}{(before is null ? "" : $", {beforeName}: {before.Version}")}";
}
