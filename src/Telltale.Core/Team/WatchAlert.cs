using System.Globalization;
using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Tracking.Watching;

namespace Telltale.Team;

/// <summary>
/// An alert of a server watch, as kept for the dashboard and <c>GET /api/v1/watches/alerts</c>: a behaviour a version
/// brought or dropped (<see cref="WatchEvent"/>), or a version that could not be scanned after every retry.
/// </summary>
public sealed record WatchAlert
{
    public const string FailedKind = "failed";

    /// <summary>0 until stored.</summary>
    public long Id { get; init; }

    public required long WatchId { get; init; }

    public required string Package { get; init; }

    public required string Version { get; init; }

    /// <summary><c>introduced</c>, <c>removed</c> or <c>failed</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The behaviour's severity; null for a failure.</summary>
    public Severity? Severity { get; init; }

    public string? RuleId { get; init; }

    /// <summary>One line for a person (<see cref="WatchEvent.Summary"/>, or "could not scan …").</summary>
    public required string Text { get; init; }

    /// <summary>What the webhook and the JSON lines file receive.</summary>
    public required string Json { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public static WatchAlert From(long watchId, WatchEvent watchEvent)
    {
        ArgumentNullException.ThrowIfNull(watchEvent);
        return new WatchAlert
        {
            WatchId = watchId, Package = watchEvent.Package, Version = watchEvent.Version, Kind = watchEvent.KindName, Severity = watchEvent.Severity,
            RuleId = watchEvent.RuleId, Text = watchEvent.Summary, Json = watchEvent.ToJson(), CreatedAt = watchEvent.DetectedAt,
        };
    }

    /// <summary>A version that could not be scanned: an alert, never a clean result.</summary>
    public static WatchAlert Failure(long watchId, string package, string version, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var text = ReportText.Visible($"could not scan npm:{package}@{version}: {EntryNames.OneLine(reason)}", multiline: false);
        var json = new StringBuilder("{");
        Field(json, "text", text);
        Field(json, "kind", FailedKind);
        Field(json, "package", package);
        Field(json, "version", version);
        Field(json, "reason", EntryNames.OneLine(reason));
        Field(json, "detectedAt", at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
        return new WatchAlert { WatchId = watchId, Package = package, Version = version, Kind = FailedKind, Text = text, Json = json.Append('}').ToString(), CreatedAt = at };
    }

    private static void Field(StringBuilder json, string name, string value)
    {
        if (json.Length > 1)
        {
            json.Append(',');
        }

        JsonEmitter.AppendQuoted(json, name);
        json.Append(':');
        JsonEmitter.AppendQuoted(json, value);
    }
}
