using System.Globalization;
using System.Text;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tracking.Watching;

/// <summary>One alert: a high or critical behaviour that a new version brought or dropped.</summary>
/// <param name="Kind">Brought or dropped.</param>
/// <param name="Package">The npm package name.</param>
/// <param name="Version">The new version.</param>
/// <param name="PreviousVersion">The version it was compared with; null when there was none.</param>
/// <param name="PublishedAt">When the new version was published, from the registry.</param>
/// <param name="Key">The behaviour's <see cref="FindingIdentity.Key"/>.</param>
/// <param name="RuleId">Its rule.</param>
/// <param name="Title">Its finding's title.</param>
/// <param name="Severity">Its severity in the version that has it.</param>
/// <param name="Location">Where it is in the version that has it (path:line:column).</param>
/// <param name="DetectedAt">When the watcher saw it.</param>
public sealed record WatchEvent(
    WatchEventKind Kind,
    string Package,
    string Version,
    string? PreviousVersion,
    DateTimeOffset? PublishedAt,
    string Key,
    string RuleId,
    string Title,
    Severity Severity,
    string Location,
    DateTimeOffset DetectedAt)
{
    /// <summary>The name of <see cref="Kind"/> in JSON and on the terminal.</summary>
    public string KindName => Kind == WatchEventKind.Introduced ? "introduced" : "removed";

    /// <summary>
    /// One line for a person, with hard-to-see characters shown as <c>\u{XXXX}</c>:
    /// <c>npm:tool@2.0.0 (after 1.9.0): new critical TT2001 Covert channel … at package/cli.js:1:2</c>.
    /// </summary>
    public string Summary
    {
        get
        {
            var after = PreviousVersion is null ? "" : $" (after {PreviousVersion})";
            var what = Kind == WatchEventKind.Introduced ? "new" : "no longer has";
            return ReportText.Visible($"npm:{Package}@{Version}{after}: {what} {Severity.ToName()} {RuleId} {Title} at {Location}", multiline: false);
        }
    }

    /// <summary>
    /// One line of JSON: the fields above in camelCase, severities and kinds by name, dates in ISO 8601, and
    /// <c>text</c> with <see cref="Summary"/> so chat webhooks (Slack, Mattermost) show it as is. Strings are
    /// escaped as in the JSON report: hard-to-see characters as <c>\uXXXX</c>, other text as is.
    /// </summary>
    public string ToJson()
    {
        var json = new StringBuilder("{");
        Field(json, "text", Summary);
        Field(json, "kind", KindName);
        Field(json, "package", Package);
        Field(json, "version", Version);
        Field(json, "previousVersion", PreviousVersion);
        Field(json, "publishedAt", PublishedAt is { } published ? Date(published) : null);
        Field(json, "severity", Severity.ToName());
        Field(json, "ruleId", RuleId);
        Field(json, "title", Title);
        Field(json, "key", Key);
        Field(json, "location", Location);
        Field(json, "detectedAt", Date(DetectedAt));
        return json.Append('}').ToString();
    }

    private static string Date(DateTimeOffset date) =>
        date.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static void Field(StringBuilder json, string name, string? value)
    {
        if (json.Length > 1)
        {
            json.Append(',');
        }

        JsonEmitter.AppendQuoted(json, name);
        json.Append(':');
        if (value is null)
        {
            json.Append("null");
        }
        else
        {
            JsonEmitter.AppendQuoted(json, value);
        }
    }
}
