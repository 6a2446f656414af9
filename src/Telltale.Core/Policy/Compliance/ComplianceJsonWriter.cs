using System.Globalization;
using Telltale.Reports;

namespace Telltale.Policy.Compliance;

/// <summary>
/// <c>check --format json</c>, documented in docs/policy.md: every verdict with its item, the entry's reason,
/// evidence and alternatives, so an MDM agent or CI step needs nothing else. Deterministic for a given clock.
/// </summary>
public static class ComplianceJsonWriter
{
    public const string SchemaVersion = "1.0";

    public static void Write(ComplianceReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var json = new JsonEmitter();
        json.StartObject();
        json.String("schemaVersion", SchemaVersion);
        json.String("policy", report.Policy);
        json.Strings("policyFiles", report.PolicyFiles);
        json.String("subject", report.Subject);
        json.String("checkedAt", report.CheckedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.StartObject("summary");
        json.Number("items", report.Verdicts.Count);
        json.Number("failures", report.Failures);
        json.Number("warnings", report.Warnings);
        json.String("result", report.Result);
        json.EndObject();
        json.StartArray("verdicts");
        foreach (var verdict in report.Verdicts)
        {
            json.StartObject();
            json.String("outcome", ComplianceNames.Outcome(verdict.Outcome));
            json.String("message", verdict.Message);
            json.String("enforcedFrom", verdict.EnforcedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (verdict.DaysLeft is { } days)
            {
                json.Number("daysLeft", days);
            }
            else
            {
                json.String("daysLeft", null);
            }

            json.String("match", ComplianceNames.Match(verdict.Match));
            Item(json, verdict);
            Entry(json, verdict.Entry);
            json.EndObject();
        }

        json.EndArray();
        json.Strings("problems", report.Problems);
        json.EndObject();
        output.Write(json.ToString());
    }

    private static void Item(JsonEmitter json, ComplianceVerdict verdict)
    {
        json.Name("item");
        Inventory.InventoryJsonWriter.Item(json, verdict.Item);
    }

    private static void Entry(JsonEmitter json, PolicyEntry? entry)
    {
        if (entry is null)
        {
            json.String("entry", null);
            return;
        }

        json.StartObject("entry");
        json.String("id", entry.Id);
        json.String("title", entry.Title);
        json.String("status", PolicyStatusNames.Name(entry.Status));
        json.String("effective", entry.Effective?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.String("timeZone", entry.Effective?.TimeZone);
        json.Number("graceDays", entry.Effective?.GraceDays ?? 0);
        json.String("reason", entry.Reason);
        json.String("source", entry.Source);
        json.StartArray("evidence");
        foreach (var evidence in entry.Evidence)
        {
            json.StartObject();
            json.String("kind", evidence.Kind);
            json.String("id", evidence.Id);
            json.String("note", evidence.Note);
            json.EndObject();
        }

        json.EndArray();
        json.StartArray("alternatives");
        foreach (var alternative in entry.Alternatives)
        {
            json.StartObject();
            json.String("spec", alternative.Spec);
            json.String("scan", alternative.Scan);
            json.String("version", alternative.Version);
            json.String("highest", alternative.Highest);
            json.String("checkedOn", alternative.CheckedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
    }
}
