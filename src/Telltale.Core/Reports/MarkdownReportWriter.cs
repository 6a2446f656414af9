using System.Globalization;
using System.Text;
using Telltale.Findings;

namespace Telltale.Reports;

/// <summary>
/// A human-readable report (<c>--format markdown</c> or <c>md</c>) for pull requests, issues and review notes:
/// a summary table, findings grouped by severity (highest first, each group in <see cref="ReportOrder"/>,
/// behaviours with their step tree), then the obfuscation schemes and, when single-file executables were
/// found, the applications embedded in them. Every piece of report text goes through
/// <see cref="MarkdownText"/>, because evidence is attacker-controlled and must not be able to inject links,
/// HTML or fake report structure.
/// </summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    /// <summary>Items, samples and step values listed before the rest is summarised as "… and N more".</summary>
    public const int MaxListedItems = 20;

    /// <summary>
    /// Files listed per embedded application before the rest is summarised in one row: a Bun build of a large
    /// CLI holds thousands, which would bury the findings; the JSON report lists them all.
    /// </summary>
    public const int MaxListedFiles = 200;

    // Evidence up to this length on one line stays inline; longer or multi-line text gets a code block.
    private const int MaxInlineEvidence = 100;

    public string Format => "markdown";

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);

        // Built with explicit \n rather than WriteLine so the output is the same on every OS.
        var md = new StringBuilder();
        WriteHeader(md, report);
        WriteSummary(md, report);
        WriteDependencies(md, report);
        WriteFindings(md, report);
        WriteSchemes(md, report);
        WritePayloads(md, report);
        output.Write(md.ToString());
    }

    private static void WriteHeader(StringBuilder md, ScanReport report)
    {
        ScanTarget target = report.Target;
        string name = target.Version is null ? target.Name : $"{target.Name}@{target.Version}";
        md.Append("# Telltale report: ").Append(MarkdownText.Inline(name)).Append("\n\n");

        // First, before anything that could read as a verdict: the program itself was not scanned.
        IReadOnlyList<IncompleteAnalysis> gaps = report.PlatformGaps;
        foreach (IncompleteAnalysis gap in gaps)
        {
            md.Append("> **No platform package:** ").Append(MarkdownText.Code(gap.Path)).Append(": ").Append(MarkdownText.Inline(gap.Reason)).Append('\n');
        }

        if (gaps.Count > 0)
        {
            md.Append('\n');
        }

        md.Append("- **SHA-256:** ").Append(MarkdownText.Code(target.Sha256)).Append('\n');
        md.Append("- **Source:** ").Append(MarkdownText.Code(target.Source)).Append('\n');
        if (target.PlatformNote is { } note)
        {
            md.Append("- **Platform packages:** ").Append(MarkdownText.Inline(note)).Append('\n');
        }
        else if (target.PlatformPackages.Count > 0)
        {
            md.Append("- **Platform packages")
                .Append(target.Platform is null ? "" : " (" + MarkdownText.Inline(target.Platform) + ")")
                .Append(":** ")
                .AppendJoin(", ", target.PlatformPackages.Select(p => MarkdownText.Code(p.ToString()) + " (SHA-256 " + MarkdownText.Code(p.Sha256) + ")"))
                .Append('\n');
        }
        md.Append("- **Scanned at:** ").Append(report.ScannedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture))
            .Append(" by telltale ").Append(MarkdownText.Inline(report.ToolVersion)).Append('\n');

        if (!report.Complete)
        {
            md.Append(CultureInfo.InvariantCulture, $"- **Incomplete:** {report.Incomplete.Count} {(report.Incomplete.Count == 1 ? "analysis was" : "analyses were")} cut short; the findings are a lower bound\n");
            foreach (IncompleteAnalysis incomplete in report.Incomplete)
            {
                md.Append("  - ").Append(MarkdownText.Code(incomplete.Path)).Append(" (").Append(MarkdownText.Inline(incomplete.Analysis)).Append("): ")
                    .Append(MarkdownText.Inline(incomplete.Reason)).Append('\n');
            }
        }

        ScanStatistics s = report.Statistics;
        md.Append("- **Statistics:** ")
            .Append(Count(s.Entries, "entry", "entries")).Append(", ")
            .Append(Count(s.Bytes, "byte", "bytes")).Append(", ")
            .Append(Count(s.Literals, "literal", "literals"))
            .Append(CultureInfo.InvariantCulture, $" ({s.DecodedLiterals:N0} decoded) in {s.Elapsed.TotalMilliseconds:N0} ms\n\n");
    }

    private static void WriteSummary(StringBuilder md, ScanReport report)
    {
        md.Append("## Summary\n\n");
        md.Append("| Severity | Findings |\n");
        md.Append("| --- | ---: |\n");
        foreach (Severity severity in ReportOrder.SeveritiesHighestFirst)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Heading(severity)} | {report.Findings.Count(f => f.Severity == severity)} |\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"| **Total** | **{report.Findings.Count}** |\n\n");
    }

    /// <summary>With <c>scan --deps</c>: one row per package npm would install, with its findings counted.</summary>
    private static void WriteDependencies(StringBuilder md, ScanReport report)
    {
        if (report.Target.Dependencies is not { } dependencies)
        {
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"## Dependencies ({dependencies.Count})\n\n");
        if (dependencies.Count == 0)
        {
            md.Append("It installs no other package.\n\n");
            return;
        }

        md.Append("Their findings are listed below with the rest; their paths start with the package's `name@version!/`.\n\n");
        md.Append("| Package | Kind | Required by | Findings |\n");
        md.Append("| --- | --- | --- | --- |\n");
        foreach (DependencyPackage dependency in dependencies)
        {
            List<Finding> findings = report.FindingsOf(dependency).ToList();
            string counts = findings.Count == 0
                ? "none"
                : string.Join(", ", ReportOrder.SeveritiesHighestFirst
                    .Select(s => (Severity: s, Count: findings.Count(f => f.Severity == s)))
                    .Where(c => c.Count > 0)
                    .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Count} {c.Severity.ToName()}")));
            md.Append("| ").Append(MarkdownText.TableCode(dependency.PathPrefix))
                .Append(" | ").Append(JsonReportWriter.DependencyKindName(dependency.Kind))
                .Append(" | ").Append(MarkdownText.TableCode(dependency.RequiredBy))
                .Append(" | ").Append(counts)
                .Append(" |\n");
        }

        md.Append('\n');
    }

    private static void WriteFindings(StringBuilder md, ScanReport report)
    {
        if (report.Findings.Count == 0)
        {
            md.Append("No findings.\n\n");
            return;
        }

        IReadOnlyList<Finding> ordered = ReportOrder.Findings(report);
        foreach (Severity severity in ReportOrder.SeveritiesHighestFirst)
        {
            List<Finding> group = ordered.Where(f => f.Severity == severity).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            md.Append(CultureInfo.InvariantCulture, $"## {Heading(severity)} ({group.Count})\n\n");
            foreach (Finding finding in group)
            {
                WriteFinding(md, finding);
            }
        }
    }

    private static void WriteFinding(StringBuilder md, Finding finding)
    {
        Evidence evidence = finding.Evidence;
        md.Append("### ").Append(MarkdownText.Inline(finding.Title)).Append("\n\n");
        md.Append("- **Rule:** ").Append(MarkdownText.Code(finding.RuleId)).Append('\n');
        md.Append("- **Location:** ").Append(MarkdownText.Code(finding.Location.ToString())).Append('\n');
        if (finding.Occurrences > 1)
        {
            md.Append(CultureInfo.InvariantCulture, $"- **Occurrences:** {finding.Occurrences:N0}");
            if (finding.OtherLocations.Count > 0)
            {
                md.Append(", also at ").AppendJoin(", ", finding.OtherLocations.Select(l => MarkdownText.Code(l.ToString())));
                if (finding.Occurrences - 1 > finding.OtherLocations.Count)
                {
                    md.Append(", …");
                }
            }

            md.Append('\n');
        }
        md.Append(CultureInfo.InvariantCulture, $"- **Confidence:** {finding.Confidence:0.##}\n");

        // Short one-line evidence reads best inline; the rest goes into blocks after the list.
        bool evidenceInline = !MarkdownText.NeedsBlock(evidence.Text, MaxInlineEvidence);
        bool decodedInline = evidence.Decoded is null || !MarkdownText.NeedsBlock(evidence.Decoded, MaxInlineEvidence);
        if (evidenceInline)
        {
            md.Append("- **Evidence:** ").Append(MarkdownText.Code(evidence.Text)).Append('\n');
        }

        if (evidence.Decoded is not null && decodedInline)
        {
            md.Append("- **Decoded:** ").Append(MarkdownText.Code(evidence.Decoded)).Append('\n');
        }

        if (evidence.Chain.Count > 0)
        {
            md.Append("- **Chain:** ").Append(Chain(evidence.Chain)).Append('\n');
        }

        if (finding.Capabilities.Count > 0)
        {
            md.Append("- **Capabilities:** ").Append(string.Join(", ", finding.Capabilities.Select(MarkdownText.Code))).Append('\n');
        }

        if (finding.Items.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"- **Items ({finding.Items.Count}):** ").Append(CodeList(finding.Items)).Append('\n');
        }

        md.Append('\n');
        if (finding.Description.Length > 0)
        {
            md.Append(MarkdownText.Paragraph(finding.Description)).Append("\n\n");
        }

        if (!evidenceInline)
        {
            md.Append("**Evidence:**\n\n").Append(MarkdownText.Block(evidence.Text)).Append('\n');
        }

        if (!decodedInline)
        {
            md.Append("**Decoded:**\n\n").Append(MarkdownText.Block(evidence.Decoded!)).Append('\n');
        }

        if (finding.Behaviour is { } behaviour)
        {
            WriteBehaviour(md, behaviour);
        }
    }

    /// <summary>
    /// The behaviour as a nested list, root (the sink) first and each step's dependencies below it, so reading
    /// down one branch goes from the output back to the environment fact that changes it.
    /// </summary>
    internal static void WriteBehaviour(StringBuilder md, Behaviour behaviour)
    {
        md.Append("**Behaviour**");
        if (behaviour.CapacityBits > 0)
        {
            string bits = behaviour.CapacityBits.ToString("0.##", CultureInfo.InvariantCulture);
            md.Append(" (").Append(bits).Append(bits == "1" ? " bit" : " bits").Append(" per message)");
        }

        md.Append(":\n\n");
        WriteStep(md, behaviour.Root, depth: 0);
        md.Append('\n');
    }

    private static void WriteStep(StringBuilder md, BehaviourStep step, int depth)
    {
        // Two spaces per level puts each nested marker at its parent's content column, which is what makes
        // CommonMark nest it; any more and four spaces would start to read as an indented code block.
        string indent = new(' ', 2 * depth);
        string detail = indent + "  - ";
        md.Append(indent).Append("- **").Append(KindLabel(step.Kind)).Append(":** ").Append(MarkdownText.Inline(step.Summary))
            .Append(" at ").Append(MarkdownText.Code(step.Location.ToString())).Append('\n');

        // Details come before the child steps, so a step's own facts are not mistaken for a dependency's.
        if (step.Excerpt.Length > 0)
        {
            md.Append(detail).Append("Code: ").Append(MarkdownText.Code(step.Excerpt)).Append('\n');
        }

        if (step.DecodeChain.Count > 0)
        {
            md.Append(detail).Append("Decoded by: ").Append(Chain(step.DecodeChain)).Append('\n');
        }

        if (step.Values.Count > 0)
        {
            md.Append(detail).Append(CultureInfo.InvariantCulture, $"Values ({step.Values.Count}): ").Append(CodeList(step.Values)).Append('\n');
        }

        if (step.Capability is { } capability)
        {
            md.Append(detail).Append("Capability: ").Append(MarkdownText.Code(capability)).Append('\n');
        }

        foreach (BehaviourStep child in step.Children)
        {
            WriteStep(md, child, depth + 1);
        }
    }

    private static string KindLabel(BehaviourStepKind kind)
    {
        string name = JsonReportWriter.StepKindName(kind);
        return string.Concat(char.ToUpperInvariant(name[0]).ToString(), name.AsSpan(1));
    }

    private static void WriteSchemes(StringBuilder md, ScanReport report)
    {
        md.Append("## Obfuscation schemes\n\n");
        if (report.Schemes.Count == 0)
        {
            md.Append("None.\n");
            return;
        }

        for (int i = 0; i < report.Schemes.Count; i++)
        {
            ObfuscationScheme scheme = report.Schemes[i];
            md.Append("### ").Append(MarkdownText.Code(scheme.Callee)).Append("\n\n");
            if (scheme.Chain.Count > 0)
            {
                md.Append("- **Chain:** ").Append(Chain(scheme.Chain)).Append('\n');
            }

            if (scheme.KeyHex.Length > 0)
            {
                md.Append("- **Key:** ").Append(MarkdownText.Code(scheme.KeyHex));
                if (scheme.KeyText.Length > 0)
                {
                    md.Append(" (").Append(MarkdownText.Code(scheme.KeyText)).Append(')');
                }

                md.Append('\n');
            }

            md.Append(CultureInfo.InvariantCulture,
                $"- **Literals:** {scheme.LiteralCount:N0} ({scheme.DecodedCount:N0} decoded, {scheme.DecodedFraction * 100:0.#}%)\n");
            md.Append("- **First location:** ").Append(MarkdownText.Code(scheme.FirstLocation.ToString())).Append('\n');
            if (scheme.Samples.Count > 0)
            {
                md.Append("- **Samples:** ").Append(CodeList(scheme.Samples)).Append('\n');
            }

            if (i < report.Schemes.Count - 1)
            {
                md.Append('\n');
            }
        }
    }

    private static void WritePayloads(StringBuilder md, ScanReport report)
    {
        // Only when there are any: most targets hold no executable, and "None." would suggest one was looked for.
        if (report.Payloads.Count == 0)
        {
            return;
        }

        md.Append("\n## Embedded applications\n");
        foreach (EmbeddedPayloadListing payload in report.Payloads)
        {
            md.Append('\n').Append(MarkdownText.Code(payload.Path)).Append(": ").Append(MarkdownText.Inline(payload.Format))
                .Append(" application, ").Append(EmbeddedPayloadText.FileCount(payload));
            if (payload.Files.Count > 0)
            {
                md.Append(" (").Append(EmbeddedPayloadText.KindCounts(payload)).Append(')');
            }

            md.Append(", ").Append(Count(EmbeddedPayloadText.TotalBytes(payload), "byte", "bytes"));
            IReadOnlyList<string> entryPoints = EmbeddedPayloadText.EntryPoints(payload);
            md.Append(entryPoints.Count switch
            {
                0 => ", no entry point",
                1 => ", entry point ",
                _ => ", entry points ",
            }).AppendJoin(", ", entryPoints.Select(MarkdownText.Code)).Append('\n');

            if (payload.Files.Count > 0)
            {
                WritePayloadFiles(md, payload);
            }
        }
    }

    private static void WritePayloadFiles(StringBuilder md, EmbeddedPayloadListing payload)
    {
        // The summary holds no report text, so nothing untrusted ever lands inside raw HTML.
        md.Append("\n<details>\n<summary>").Append(EmbeddedPayloadText.FileCount(payload)).Append("</summary>\n\n");
        md.Append("| File | Kind | Bytes | Encoding | Entry point | Note |\n");
        md.Append("| --- | --- | ---: | --- | --- | --- |\n");
        foreach (EmbeddedFileListing file in payload.Files.Take(MaxListedFiles))
        {
            md.Append("| ").Append(MarkdownText.TableCode(file.Name))
                .Append(" | ").Append(MarkdownText.Inline(file.Kind))
                .Append(" | ").Append(file.Bytes.ToString("N0", CultureInfo.InvariantCulture))
                .Append(" | ").Append(MarkdownText.Inline(file.Encoding))
                .Append(" | ").Append(file.IsEntryPoint ? "yes" : "")
                .Append(" | ").Append(file.Note is null ? "" : MarkdownText.Inline(file.Note))
                .Append(" |\n");
        }

        if (payload.Files.Count > MaxListedFiles)
        {
            md.Append("| … ").Append(Count(payload.Files.Count - MaxListedFiles, "more file", "more files")).Append(" (see the JSON report) | | | | | |\n");
        }

        md.Append("\n</details>\n");
    }

    private static string Heading(Severity severity)
    {
        string name = severity.ToName();
        return string.Concat(char.ToUpperInvariant(name[0]).ToString(), name.AsSpan(1));
    }

    private static string Count(long count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? one : many)}");

    private static string Chain(IEnumerable<string> layers) =>
        string.Join(" → ", layers.Select(MarkdownText.Inline));

    internal static string CodeList(IReadOnlyList<string> values)
    {
        string listed = string.Join(", ", values.Take(MaxListedItems).Select(MarkdownText.Code));
        return values.Count > MaxListedItems
            ? string.Create(CultureInfo.InvariantCulture, $"{listed}, … and {values.Count - MaxListedItems} more")
            : listed;
    }
}
