using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Telltale.Findings;

namespace Telltale.Reports;

/// <summary>
/// SARIF 2.1.0 (<c>--format sarif</c>), for code-scanning dashboards and IDE viewers. One run; one rule per
/// distinct rule id; one result per finding, in <see cref="ReportOrder"/>. Decode chains become code flows so
/// a viewer can step from the literal through each layer to the decoded value; a behaviour becomes one code
/// flow per source → sink chain instead. Obfuscation schemes and the applications embedded in single-file
/// executables have no SARIF equivalent and go in <c>run.properties.schemes</c> and
/// <c>run.properties.payloads</c>, in the JSON report's shape.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    /// <summary>Where <c>tool.driver.informationUri</c> points unless the constructor says otherwise.</summary>
    public const string DefaultInformationUri = "https://github.com/telltale/telltale";

    /// <summary>The key under which each result's fingerprint is written in <c>partialFingerprints</c>.</summary>
    public const string FingerprintKey = "telltale/v1";

    // Flow-step messages quote evidence; long literals would drown the step list.
    private const int QuoteLength = 80;

    private readonly Uri _informationUri;

    public SarifReportWriter()
        : this(new Uri(DefaultInformationUri))
    {
    }

    public SarifReportWriter(Uri informationUri)
    {
        ArgumentNullException.ThrowIfNull(informationUri);
        if (!informationUri.IsAbsoluteUri)
        {
            throw new ArgumentException("SARIF requires an absolute informationUri.", nameof(informationUri));
        }

        _informationUri = informationUri;
    }

    public string Format => "sarif";

    /// <summary>SARIF result level for a severity: critical/high → error, medium → warning, low/info → note.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);

        IReadOnlyList<Finding> findings = ReportOrder.Findings(report);

        // Rules sorted by id so the rules array (and every ruleIndex) does not depend on finding order.
        List<IGrouping<string, Finding>> rules = findings
            .GroupBy(f => f.RuleId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < rules.Count; i++)
        {
            ruleIndex[rules[i].Key] = i;
        }

        var json = new JsonEmitter();
        json.StartObject();
        json.String("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.String("version", "2.1.0");
        json.StartArray("runs");
        json.StartObject();

        json.StartObject("tool");
        json.StartObject("driver");
        json.String("name", "Telltale");
        json.String("version", report.ToolVersion);
        json.String("informationUri", _informationUri.AbsoluteUri);
        json.StartArray("rules");
        foreach (IGrouping<string, Finding> rule in rules)
        {
            WriteRule(json, rule);
        }

        json.EndArray();
        json.EndObject();
        json.EndObject();

        // An incomplete analysis is the tool's own state, not a result about the package: SARIF says it in the
        // invocation, which code-scanning services show beside the results. A missing platform package comes first:
        // without it the program itself was not scanned.
        json.StartArray("invocations");
        json.StartObject();
        json.Boolean("executionSuccessful", true);
        json.StartArray("toolExecutionNotifications");
        IReadOnlyList<IncompleteAnalysis> gaps = report.PlatformGaps;
        foreach (IncompleteAnalysis incomplete in gaps.Concat(report.Incomplete.Where(i => !gaps.Contains(i))))
        {
            json.StartObject();
            json.String("level", "warning");
            json.StartObject("message");
            json.String("text", $"Analysis incomplete ({incomplete.Analysis}): {incomplete.Reason}");
            json.EndObject();
            json.StartArray("locations");
            json.StartObject();
            PhysicalLocation(json, new SourceLocation(incomplete.Path, 0, 0, 0));
            json.EndObject();
            json.EndArray();
            json.EndObject();
        }

        json.EndArray();
        json.StartObject("properties");
        json.Boolean("complete", report.Complete);
        json.EndObject();
        json.EndObject();
        json.EndArray();

        json.StartArray("results");
        foreach (Finding finding in findings)
        {
            WriteResult(json, finding, ruleIndex[finding.RuleId]);
        }

        json.EndArray();

        json.StartObject("properties");
        ReportJson.Target(json, "target", report.Target);
        json.StartArray("schemes");
        foreach (ObfuscationScheme scheme in report.Schemes)
        {
            ReportJson.Scheme(json, scheme);
        }

        json.EndArray();

        // Not run.artifacts: this writer lists none of the scanned files there, so the embedded ones alone
        // would read as the whole set of artifacts.
        json.StartArray("payloads");
        foreach (EmbeddedPayloadListing payload in report.Payloads)
        {
            ReportJson.Payload(json, payload);
        }

        json.EndArray();
        json.EndObject();

        json.EndObject();
        json.EndArray();
        json.EndObject();
        output.Write(json.ToString());
    }

    /// <summary>
    /// A relative URI reference for an entry path. Keeps what RFC 3986 allows in a path unescaped, including
    /// <c>!</c> and <c>/</c> so nested entries stay readable (<c>a.tgz!/package/cli.js</c>); percent-encodes the
    /// rest as UTF-8 — also <c>:</c>, which in a first segment would read as a URI scheme, and leading slashes,
    /// which would make the reference absolute or name a host.
    /// </summary>
    public static string ToUriReference(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var builder = new StringBuilder(path.Length + 8);
        bool leading = true;
        foreach (byte b in Encoding.UTF8.GetBytes(path))
        {
            bool keep = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'
                or (byte)'!' or (byte)'$' or (byte)'&' or (byte)'\'' or (byte)'(' or (byte)')'
                or (byte)'*' or (byte)'+' or (byte)',' or (byte)';' or (byte)'=' or (byte)'@'
                || (b == (byte)'/' && !leading);
            leading &= b == (byte)'/';
            if (keep)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A hash of what identifies a finding across scans — rule, path, evidence and decoded text — but not the
    /// offset or line, which shift whenever unrelated code around the evidence changes.
    /// </summary>
    public static string Fingerprint(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);

        // NUL separators keep ("ab", "c") and ("a", "bc") apart.
        string key = string.Join('\0', finding.RuleId, finding.Location.Path, finding.Evidence.Text, finding.Evidence.Decoded ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static void WriteRule(JsonEmitter json, IGrouping<string, Finding> rule)
    {
        // A report carries no rule catalogue, so rule metadata comes from the rule's findings: the first
        // finding's title describes it and the highest severity seen is its default level.
        Finding first = rule.First();
        Severity highest = rule.Max(f => f.Severity);

        json.StartObject();
        json.String("id", rule.Key);
        json.String("name", RuleName(rule.Key));
        json.StartObject("shortDescription");
        json.String("text", first.Title);
        json.EndObject();
        json.StartObject("defaultConfiguration");
        json.String("level", Level(highest));
        json.EndObject();
        json.StartObject("properties");
        // SARIF requires tags to be unique, hence Distinct after adding "security".
        json.Strings("tags", rule.SelectMany(f => f.Capabilities).Order(StringComparer.Ordinal).Prepend("security").Distinct(StringComparer.Ordinal));

        // GitHub code scanning ranks security alerts by this number (critical > 9, high 7–8.9, medium 4–6.9).
        json.String("security-severity", SecuritySeverity(highest));
        json.EndObject();
        json.EndObject();
    }

    private static void WriteResult(JsonEmitter json, Finding finding, int ruleIndex)
    {
        json.StartObject();
        json.String("ruleId", finding.RuleId);
        json.Number("ruleIndex", ruleIndex);
        json.String("level", Level(finding.Severity));
        json.StartObject("message");
        json.String("text", Message(finding));
        json.EndObject();

        json.StartArray("locations");
        json.StartObject();
        PhysicalLocation(json, finding.Location);
        json.EndObject();
        json.EndArray();

        if (finding.OtherLocations.Count > 0)
        {
            json.StartArray("relatedLocations");
            for (int i = 0; i < finding.OtherLocations.Count; i++)
            {
                json.StartObject();
                json.Number("id", i + 1);
                PhysicalLocation(json, finding.OtherLocations[i]);
                json.StartObject("message");
                json.String("text", "the same finding again");
                json.EndObject();
                json.EndObject();
            }

            json.EndArray();
        }

        json.StartObject("partialFingerprints");
        json.String(FingerprintKey, Fingerprint(finding));
        json.EndObject();

        // Only the chains for a behaviour: a decode-chain flow among them would read as one more route to the sink.
        if (finding.Behaviour is { } behaviour)
        {
            WriteBehaviourFlows(json, behaviour);
        }
        else if (finding.Evidence.Chain.Count > 0)
        {
            WriteCodeFlow(json, finding);
        }

        json.StartObject("properties");
        json.String("severity", finding.Severity.ToName());
        json.Number("confidence", finding.Confidence);
        json.Number("occurrences", finding.Occurrences);
        json.String("decoded", finding.Evidence.Decoded);
        json.Strings("chain", finding.Evidence.Chain);
        json.Strings("capabilities", finding.Capabilities);
        json.Strings("items", finding.Items);
        if (finding.Behaviour is { } measured)
        {
            json.Number("capacityBits", measured.CapacityBits);

            // The steps' capabilities in tree order, each once: what a dashboard can filter on without
            // walking the code flows.
            json.Strings("behaviourCapabilities", measured.Steps()
                .Select(step => step.Capability)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal));
        }

        json.EndObject();
        json.EndObject();
    }

    /// <summary>
    /// One code flow per root-to-leaf chain of the behaviour, each a single thread flow from the leaf (a
    /// source or a list) to the sink. Separate code flows rather than several thread flows in one: SARIF
    /// reads the thread flows of one code flow as threads running together, whereas these chains are
    /// alternative routes to the same output, which viewers list as separate paths.
    /// </summary>
    private static void WriteBehaviourFlows(JsonEmitter json, Behaviour behaviour)
    {
        json.StartArray("codeFlows");
        foreach (IReadOnlyList<BehaviourStep> chain in behaviour.Chains())
        {
            json.StartObject();
            json.StartArray("threadFlows");
            json.StartObject();
            json.StartArray("locations");
            foreach (BehaviourStep step in chain)
            {
                json.StartObject();
                json.StartObject("location");
                PhysicalLocation(json, step.Location, step.Excerpt);
                json.StartObject("message");
                json.String("text", step.Summary);
                json.EndObject();
                json.EndObject();
                json.Strings("kinds", FlowKinds(step.Kind));
                json.EndObject();
            }

            json.EndArray();
            json.EndObject();
            json.EndArray();
            json.EndObject();
        }

        json.EndArray();
    }

    // The report's kind name first; "branch" is SARIF's own word for a comparison's role, which viewers
    // that know the standard kinds can show.
    private static IEnumerable<string> FlowKinds(BehaviourStepKind kind) =>
        kind == BehaviourStepKind.Comparison
            ? [JsonReportWriter.StepKindName(kind), "branch"]
            : [JsonReportWriter.StepKindName(kind)];

    /// <summary>
    /// The decode chain as a thread flow: the literal, then one step per layer, the last showing the
    /// decoded value. Every step points at the literal, the only place in the artifact the chain touches.
    /// </summary>
    private static void WriteCodeFlow(JsonEmitter json, Finding finding)
    {
        Evidence evidence = finding.Evidence;
        json.StartArray("codeFlows");
        json.StartObject();
        json.StartArray("threadFlows");
        json.StartObject();
        json.StartArray("locations");

        FlowStep(json, finding.Location, "literal " + ReportText.Quote(evidence.Text, QuoteLength));
        for (int i = 0; i < evidence.Chain.Count; i++)
        {
            bool last = i == evidence.Chain.Count - 1;
            string message = last && evidence.Decoded is not null
                ? $"{evidence.Chain[i]} → {ReportText.Quote(evidence.Decoded, QuoteLength)}"
                : evidence.Chain[i];
            FlowStep(json, finding.Location, message);
        }

        json.EndArray();
        json.EndObject();
        json.EndArray();
        json.EndObject();
        json.EndArray();
    }

    private static void FlowStep(JsonEmitter json, SourceLocation location, string message)
    {
        json.StartObject();
        json.StartObject("location");
        PhysicalLocation(json, location);
        json.StartObject("message");
        json.String("text", message);
        json.EndObject();
        json.EndObject();
        json.EndObject();
    }

    private static void PhysicalLocation(JsonEmitter json, SourceLocation location, string snippet = "")
    {
        json.StartObject("physicalLocation");
        json.StartObject("artifactLocation");
        json.String("uri", ToUriReference(location.Path));
        json.EndObject();
        json.StartObject("region");

        // Binary entries have no lines; SARIF lines and columns are 1-based, so 0 means "absent", not "first".
        if (location.Line > 0)
        {
            json.Number("startLine", location.Line);
        }

        if (location.Column > 0)
        {
            json.Number("startColumn", location.Column);
        }

        json.Number("byteOffset", location.Offset);
        json.Number("byteLength", location.Length);
        if (snippet.Length > 0)
        {
            json.StartObject("snippet");
            json.String("text", snippet);
            json.EndObject();
        }

        json.EndObject();
        json.EndObject();
    }

    private static string Message(Finding finding)
    {
        // Viewers show the message, not the rule, next to the code: say what was found and why it matters.
        if (finding.Description.Length == 0)
        {
            return finding.Title;
        }

        string title = finding.Title.TrimEnd();
        return title.EndsWith('.') || title.EndsWith('!') || title.EndsWith('?')
            ? $"{title} {finding.Description}"
            : $"{title}. {finding.Description}";
    }

    /// <summary>A PascalCase rendering of a rule id (<c>hidden-list.domains</c> → <c>HiddenListDomains</c>).</summary>
    private static string RuleName(string ruleId)
    {
        var builder = new StringBuilder(ruleId.Length);
        bool upper = true;
        foreach (char c in ruleId)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.Length > 0 ? builder.ToString() : ruleId;
    }

    private static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "2.0",
        _ => "0.0",
    };
}
