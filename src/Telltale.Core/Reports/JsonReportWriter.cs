using Telltale.Findings;

namespace Telltale.Reports;

/// <summary>
/// The machine-readable report (<c>--format json</c>): the format other verbs read back through
/// <see cref="JsonReportReader"/>, documented field by field in <c>docs/report-schema.md</c> and
/// <c>docs/report.schema.json</c>. Output is deterministic: fixed field order, findings in
/// <see cref="ReportOrder"/>, two-space indentation and <c>\n</c> line ends, so stored reports diff cleanly.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    /// <summary>
    /// The version of the JSON shape. The minor part grows when fields are added (readers ignore fields
    /// they do not know); the major part changes when a field is removed or changes meaning.
    /// 1.1 added <c>finding.behaviour</c>; 1.2 added <c>target.platform</c> and <c>target.platformPackages</c>;
    /// 1.3 added <c>payloads</c>, the applications inside single-file executables; 1.4 added <c>complete</c> and
    /// <c>incomplete</c> (analyses cut short) and <c>finding.occurrences</c> and <c>finding.otherLocations</c>
    /// (identical findings counted once); 1.5 added <c>target.dependencies</c> (<c>scan --deps</c>); 1.6 added a
    /// payload's <c>sha256</c>, the executable's own hash, which policies and Santa rules name.
    /// </summary>
    public const string SchemaVersion = "1.6";

    /// <summary>The <c>tool.name</c> written into every report.</summary>
    public const string ToolName = "telltale";

    public string Format => "json";

    /// <summary>
    /// The name a behaviour step kind has in every report format: lower-case kebab (<c>sink</c>,
    /// <c>comparison</c>). Spelled out rather than derived from the enum member, so renaming a member
    /// cannot silently change the report format.
    /// </summary>
    public static string StepKindName(BehaviourStepKind kind) => kind switch
    {
        BehaviourStepKind.Source => "source",
        BehaviourStepKind.Comparison => "comparison",
        BehaviourStepKind.List => "list",
        BehaviourStepKind.Channel => "channel",
        BehaviourStepKind.Transform => "transform",
        BehaviourStepKind.Carrier => "carrier",
        BehaviourStepKind.Sink => "sink",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown behaviour step kind."),
    };

    /// <summary>
    /// The name a dependency kind has in every report format (<c>dependency</c>, <c>optional</c>, <c>peer</c>, after the
    /// manifest map that names it). Spelled out, so renaming a member cannot silently change the format.
    /// </summary>
    public static string DependencyKindName(DependencyKind kind) => kind switch
    {
        DependencyKind.Dependency => "dependency",
        DependencyKind.Optional => "optional",
        DependencyKind.Peer => "peer",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown dependency kind."),
    };

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);

        var json = new JsonEmitter();
        json.StartObject();
        json.String("schemaVersion", SchemaVersion);

        json.StartObject("tool");
        json.String("name", ToolName);
        json.String("version", report.ToolVersion);
        json.EndObject();

        ReportJson.Target(json, "target", report.Target);
        json.String("scannedAt", report.ScannedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture));

        WriteSummary(json, report);

        json.Boolean("complete", report.Complete);
        json.StartArray("incomplete");
        foreach (IncompleteAnalysis incomplete in report.Incomplete)
        {
            json.StartObject();
            json.String("path", incomplete.Path);
            json.String("analysis", incomplete.Analysis);
            json.String("reason", incomplete.Reason);
            json.Boolean("reproducible", incomplete.Reproducible);
            json.EndObject();
        }

        json.EndArray();

        json.StartArray("findings");
        foreach (Finding finding in ReportOrder.Findings(report))
        {
            WriteFinding(json, finding);
        }

        json.EndArray();

        json.StartArray("schemes");
        foreach (ObfuscationScheme scheme in report.Schemes)
        {
            ReportJson.Scheme(json, scheme);
        }

        json.EndArray();

        json.StartArray("payloads");
        foreach (EmbeddedPayloadListing payload in report.Payloads)
        {
            ReportJson.Payload(json, payload);
        }

        json.EndArray();

        ScanStatistics statistics = report.Statistics;
        json.StartObject("statistics");
        json.Number("entries", statistics.Entries);
        json.Number("bytes", statistics.Bytes);
        json.Number("literals", statistics.Literals);
        json.Number("decodedLiterals", statistics.DecodedLiterals);
        json.Number("elapsedMs", statistics.Elapsed.TotalMilliseconds);
        json.Number("sandboxEvaluations", statistics.SandboxEvaluations);
        json.Number("sandboxStatements", statistics.SandboxStatements);
        json.EndObject();

        json.EndObject();
        output.Write(json.ToString());
    }

    private static void WriteSummary(JsonEmitter json, ScanReport report)
    {
        // Counting is presentation, not analysis: the summary only restates the findings array.
        json.StartObject("summary");
        json.Number("total", report.Findings.Count);
        json.StartObject("bySeverity");
        foreach (Severity severity in ReportOrder.SeveritiesHighestFirst)
        {
            json.Number(severity.ToName(), report.Findings.Count(f => f.Severity == severity));
        }

        json.EndObject();
        json.String("highest", report.HighestSeverity?.ToName());
        json.EndObject();
    }

    /// <summary>One finding in the report shape; the diff report embeds findings in it too.</summary>
    internal static void WriteFinding(JsonEmitter json, Finding finding)
    {
        json.StartObject();
        json.String("ruleId", finding.RuleId);
        json.String("severity", finding.Severity.ToName());
        json.String("title", finding.Title);
        json.Number("confidence", finding.Confidence);
        json.String("description", finding.Description);
        ReportJson.Location(json, "location", finding.Location);
        json.Number("occurrences", finding.Occurrences);
        json.StartArray("otherLocations");
        foreach (SourceLocation other in finding.OtherLocations)
        {
            ReportJson.Location(json, null, other);
        }

        json.EndArray();

        json.StartObject("evidence");
        json.String("text", finding.Evidence.Text);
        json.String("decoded", finding.Evidence.Decoded);
        json.Strings("chain", finding.Evidence.Chain);
        json.EndObject();

        json.Strings("capabilities", finding.Capabilities);
        json.Strings("items", finding.Items);

        // null rather than left out: every field of the format is present in every finding.
        if (finding.Behaviour is { } behaviour)
        {
            json.StartObject("behaviour");
            json.Number("capacityBits", behaviour.CapacityBits);
            WriteStep(json, "root", behaviour.Root);
            json.EndObject();
        }
        else
        {
            json.String("behaviour", null);
        }

        json.EndObject();
    }

    private static void WriteStep(JsonEmitter json, string? name, BehaviourStep step)
    {
        if (name is null)
        {
            json.StartObject();
        }
        else
        {
            json.StartObject(name);
        }

        json.String("kind", StepKindName(step.Kind));
        json.String("summary", step.Summary);
        ReportJson.Location(json, "location", step.Location);
        json.String("excerpt", step.Excerpt);

        // All values, however many: the JSON report is the record diffs compare, so it must not truncate.
        json.Strings("values", step.Values);
        json.Strings("decodeChain", step.DecodeChain);
        json.String("capability", step.Capability);
        json.StartArray("children");
        foreach (BehaviourStep child in step.Children)
        {
            WriteStep(json, null, child);
        }

        json.EndArray();
        json.EndObject();
    }
}
