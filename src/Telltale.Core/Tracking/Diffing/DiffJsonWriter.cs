using System.Globalization;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// The machine-readable diff (<c>diff --format json</c>), documented in <c>docs/diff-schema.md</c>. Findings
/// are embedded in the report format's own shape (docs/report-schema.md), so a reader of reports reads
/// them too. Lists changes only; unchanged findings and capabilities are counted in the summary. Output is
/// deterministic, escaped and indented like the JSON report.
/// </summary>
public sealed class DiffJsonWriter
{
    /// <summary>
    /// The version of the diff shape: the minor part grows when fields are added, the major part changes
    /// when one is removed or changes meaning. Independent of the report's <c>schemaVersion</c>.
    /// </summary>
    public const string SchemaVersion = "1.0";

    public string Format => "json";

    public void Write(ReportDiff diff, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(output);

        var json = new JsonEmitter();
        json.StartObject();
        json.String("schemaVersion", SchemaVersion);
        json.StartObject("tool");
        json.String("name", JsonReportWriter.ToolName);
        json.String("version", Scanning.Scanner.ToolVersion);
        json.EndObject();
        Side(json, "old", diff.Old);
        Side(json, "new", diff.New);
        Summary(json, diff);

        json.StartArray("findings");
        foreach (var change in diff.Changes)
        {
            Finding(json, change);
        }

        json.EndArray();

        json.StartArray("capabilities");
        foreach (var change in diff.Capabilities.Where(c => c.Kind != ChangeKind.Unchanged))
        {
            Capability(json, change);
        }

        json.EndArray();
        json.EndObject();
        output.Write(json.ToString());
    }

    private static void Side(JsonEmitter json, string name, ScanReport report)
    {
        json.StartObject(name);
        ReportJson.Target(json, "target", report.Target);
        json.String("toolVersion", report.ToolVersion);
        json.String("scannedAt", report.ScannedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
        json.Number("findings", report.Findings.Count);
        json.EndObject();
    }

    private static void Summary(JsonEmitter json, ReportDiff diff)
    {
        ChangeKind[] kinds = [ChangeKind.Added, ChangeKind.Removed, ChangeKind.Changed, ChangeKind.Unchanged];
        json.StartObject("summary");
        json.StartObject("findings");
        foreach (var kind in kinds)
        {
            json.Number(kind.ToName(), diff.Count(kind));
        }

        json.EndObject();
        json.StartObject("bySeverity");
        foreach (var severity in ReportOrder.SeveritiesHighestFirst)
        {
            json.StartObject(severity.ToName());
            foreach (var kind in kinds)
            {
                json.Number(kind.ToName(), diff.Count(kind, severity));
            }

            json.EndObject();
        }

        json.EndObject();
        var worst = diff.Findings.Where(f => f.IsNewOrWorse).Select(f => (Severity?)f.Severity).Max();
        json.String("highestNewOrWorse", worst?.ToName());
        json.StartObject("capabilities");
        foreach (var kind in kinds)
        {
            json.Number(kind.ToName(), diff.Capabilities.Count(c => c.Kind == kind));
        }

        json.EndObject();
        json.EndObject();
    }

    private static void Finding(JsonEmitter json, FindingChange change)
    {
        json.StartObject();
        json.String("change", change.Kind.ToName());
        json.String("key", change.Key);
        json.String("ruleId", change.Current.RuleId);
        json.String("severity", change.Severity.ToName());
        json.String("oldSeverity", change.Old?.Severity.ToName());
        json.String("title", change.Current.Title);
        json.Boolean("newOrWorse", change.IsNewOrWorse);
        json.Strings("itemsAdded", change.ItemsAdded);
        json.Strings("itemsRemoved", change.ItemsRemoved);
        json.Strings("capabilitiesAdded", change.CapabilitiesAdded);
        json.Strings("capabilitiesRemoved", change.CapabilitiesRemoved);
        Capacity(json, "oldCapacityBits", change.Old?.Behaviour);
        Capacity(json, "newCapacityBits", change.New?.Behaviour);
        FindingOrNull(json, "old", change.Old);
        FindingOrNull(json, "new", change.New);
        json.EndObject();
    }

    private static void Capacity(JsonEmitter json, string name, Behaviour? behaviour)
    {
        if (behaviour is null)
        {
            json.String(name, null);
        }
        else
        {
            json.Number(name, behaviour.CapacityBits);
        }
    }

    private static void FindingOrNull(JsonEmitter json, string name, Finding? finding)
    {
        json.Name(name);
        if (finding is null)
        {
            json.String(null);
        }
        else
        {
            JsonReportWriter.WriteFinding(json, finding);
        }
    }

    private static void Capability(JsonEmitter json, CapabilityChange change)
    {
        json.StartObject();
        json.String("category", change.Category.ToName());
        json.String("change", change.Kind.ToName());
        json.String("capability", change.Capability);
        json.String("name", change.Name);
        json.String("detail", change.Detail);
        json.String("severity", change.Severity.ToName());
        json.Number("oldCount", change.OldCount);
        json.Number("newCount", change.NewCount);
        json.Strings("itemsAdded", change.ItemsAdded);
        json.Strings("itemsRemoved", change.ItemsRemoved);
        json.Strings("values", change.Values);
        json.EndObject();
    }
}
