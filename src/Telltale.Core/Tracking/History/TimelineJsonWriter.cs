using System.Globalization;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tracking.History;

/// <summary>
/// <c>history --format json</c>: a timeline or a bisection as JSON, with the report writer's conventions
/// (every field present, <c>null</c> when absent, hard-to-see characters escaped, deterministic order).
/// Documented in <c>docs/cli.md</c>.
/// </summary>
public static class TimelineJsonWriter
{
    public static void Write(VersionTimeline timeline, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(output);
        var json = new JsonEmitter();
        json.StartObject();
        json.String("package", timeline.Package);
        json.String("range", timeline.Range);
        json.String("minSeverity", timeline.MinSeverity.ToName());
        json.StartArray("versions");
        foreach (var version in timeline.Versions)
        {
            json.StartObject();
            VersionFields(json, version.Info);
            json.String("deprecated", version.Info.Deprecated);
            json.Boolean("scanned", version.Scanned);
            json.String("error", version.Error);
            json.Strings("behaviours", timeline.Behaviours.Select(b => b.Key).Where(version.Behaviours.Contains));
            Scan(json, version.Scan);
            json.EndObject();
        }

        json.EndArray();
        json.StartArray("behaviours");
        foreach (var behaviour in timeline.Behaviours)
        {
            json.StartObject();
            json.String("key", behaviour.Key);
            json.String("ruleId", behaviour.RuleId);
            json.String("title", behaviour.Title);
            json.String("severity", behaviour.Severity.ToName());
            json.Boolean("presentAtStart", behaviour.PresentAtStart);
            json.Boolean("presentAtEnd", behaviour.PresentAtEnd);
            Version(json, "introduced", behaviour.Introduced);
            Version(json, "firstAbsent", behaviour.FirstAbsent);
            json.StartArray("spans");
            foreach (var span in behaviour.Spans)
            {
                json.StartObject();
                Version(json, "from", span.From);
                Version(json, "last", span.Last);
                Version(json, "until", span.Until);
                json.EndObject();
            }

            json.EndArray();
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        output.Write(json.ToString());
    }

    public static void Write(BisectResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var json = new JsonEmitter();
        json.StartObject();
        json.String("package", result.Package);
        json.String("range", result.Range);
        json.String("behaviour", result.Behaviour);
        json.Number("versionCount", result.VersionCount);
        Version(json, "first", result.First);
        Version(json, "last", result.Last);
        Presence(json, "presentAtStart", result.PresentAtStart);
        Presence(json, "presentAtEnd", result.PresentAtEnd);
        Version(json, "introduced", result.Introduced);
        Version(json, "lastWithout", result.LastWithout);
        Version(json, "removed", result.Removed);
        Version(json, "lastWith", result.LastWith);
        json.String("title", result.Title);
        json.StartArray("scans");
        foreach (var scan in result.Scans)
        {
            json.StartObject();
            VersionFields(json, scan.Version);
            Presence(json, "present", scan.Present);
            json.String("error", scan.Error);
            Scan(json, scan.Scan);
            json.EndObject();
        }

        json.EndArray();
        json.Strings("notes", result.Notes);
        json.EndObject();
        output.Write(json.ToString());
    }

    /// <summary>ISO 8601 in UTC, as the registry gives it; null without a date.</summary>
    public static string? Date(DateTimeOffset? date) =>
        date?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static void Version(JsonEmitter json, string name, NpmVersionInfo? version)
    {
        if (version is null)
        {
            json.String(name, null);
            return;
        }

        json.StartObject(name);
        VersionFields(json, version);
        json.EndObject();
    }

    private static void VersionFields(JsonEmitter json, NpmVersionInfo version)
    {
        json.String("version", version.Version);
        json.String("publishedAt", Date(version.PublishedAt));
    }

    /// <summary>Which stored scan answered for a version, and the native executables in it: what makes a timeline citable.</summary>
    private static void Scan(JsonEmitter json, VersionScan? scan)
    {
        if (scan is null)
        {
            json.String("scan", null);
            return;
        }

        json.StartObject("scan");
        json.String("sha256", scan.Sha256);
        json.String("platform", scan.Platform);
        json.StartArray("executables");
        foreach (var executable in scan.Executables)
        {
            json.StartObject();
            json.String("path", executable.Path);
            json.String("sha256", executable.Sha256);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
    }

    private static void Presence(JsonEmitter json, string name, bool? present)
    {
        if (present is { } value)
        {
            json.Boolean(name, value);
        }
        else
        {
            json.String(name, null);
        }
    }
}
