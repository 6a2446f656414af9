using Telltale.Inventory;
using Telltale.Reports;

namespace Telltale.Policy.Compliance;

/// <summary>
/// <c>check --format sarif</c>: SARIF 2.1.0 with one rule per policy entry and one result per item it names that
/// is not simply allowed (banned in force: error; banned from a date, restricted, review: warning). The location
/// is the item's path, so a lockfile check lands on the lockfile in a code-scanning view.
/// </summary>
public static class ComplianceSarifWriter
{
    public static void Write(ComplianceReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var flagged = report.Verdicts.Where(v => v.Entry is not null && (v.IsFailure || v.IsWarning)).ToList();
        var json = new JsonEmitter();
        json.StartObject();
        json.String("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.String("version", "2.1.0");
        json.StartArray("runs");
        json.StartObject();
        json.StartObject("tool");
        json.StartObject("driver");
        json.String("name", JsonReportWriter.ToolName);
        json.String("version", Scanning.Scanner.ToolVersion);
        json.String("informationUri", SarifReportWriter.DefaultInformationUri);
        json.StartArray("rules");
        foreach (var entry in flagged.Select(v => v.Entry!).DistinctBy(e => e.Id).OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            json.StartObject();
            json.String("id", entry.Id);
            json.StartObject("shortDescription");
            json.String("text", entry.Title);
            json.EndObject();
            json.StartObject("fullDescription");
            json.String("text", entry.Reason ?? entry.Title);
            json.EndObject();
            json.StartObject("help");
            json.String("text", entry.Alternatives.Count == 0 ? "No alternative is named." : "Use instead: " + string.Join(", ", entry.Alternatives.Select(a => a.Spec)));
            json.EndObject();
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        json.EndObject();
        json.StartArray("results");
        foreach (var verdict in flagged)
        {
            json.StartObject();
            json.String("ruleId", verdict.Entry!.Id);
            json.String("level", verdict.IsFailure ? "error" : "warning");
            json.StartObject("message");
            json.String("text", $"{ComplianceNames.Item(verdict.Item)}: {verdict.Message}");
            json.EndObject();
            json.StartArray("locations");
            json.StartObject();
            json.StartObject("physicalLocation");
            json.StartObject("artifactLocation");
            json.String("uri", Uri(verdict.Item.Path));
            json.EndObject();
            json.EndObject();
            json.EndObject();
            json.EndArray();
            json.StartObject("properties");
            json.String("outcome", ComplianceNames.Outcome(verdict.Outcome));
            json.String("kind", InventoryItemKindNames.Name(verdict.Item.Kind));
            json.String("match", ComplianceNames.Match(verdict.Match));
            json.EndObject();
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        json.EndArray();
        json.EndObject();
        output.Write(json.ToString());
    }

    /// <summary>A relative URI reference for the path: the lockfile part before <c>#</c>, percent-encoded.</summary>
    private static string Uri(string path)
    {
        var file = path.Split('#')[0].TrimStart('/');
        return string.Join('/', file.Split('/').Select(System.Uri.EscapeDataString));
    }
}
