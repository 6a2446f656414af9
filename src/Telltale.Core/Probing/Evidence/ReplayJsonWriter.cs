using Telltale.Reports;

namespace Telltale.Probing.Evidence;

/// <summary>
/// A replay as JSON: the verdict, each recorded channel with its status (<c>confirmed</c> or <c>not reproduced</c>), the
/// new channels, and any changed program (when replayed anyway). Channels have the fields the probe report gives them.
/// </summary>
public static class ReplayJsonWriter
{
    public const string SchemaVersion = "1.0";

    public static string Write(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonEmitter();
        json.StartObject();
        json.String("schemaVersion", SchemaVersion);
        json.String("tool", "telltale probe replay");
        json.String("toolVersion", report.Probe.ToolVersion);
        json.String("bundle", report.Bundle.Directory);
        json.String("recordedWith", report.Bundle.Manifest.ToolVersion);
        json.Strings("command", report.Bundle.Manifest.Command.Arguments);
        json.Boolean("reproduced", report.Verdict.Reproduced);
        json.Number("runs", report.Probe.Runs.Count);
        json.Strings("changedPrograms", report.ChangedPrograms.Select(c => c.Describe()));
        json.StartArray("channels");
        foreach (var replayed in report.Verdict.Recorded)
        {
            json.StartObject();
            json.String("status", replayed.Confirmed ? "confirmed" : "not reproduced");
            json.Name("channel");
            WriteChannel(json, replayed.Channel);
            json.EndObject();
        }

        json.EndArray();
        json.StartArray("newChannels");
        foreach (var channel in report.Verdict.New)
        {
            WriteChannel(json, channel);
        }

        json.EndArray();
        json.EndObject();
        return json.ToString();
    }

    private static void WriteChannel(JsonEmitter json, ChannelSignature channel)
    {
        json.StartObject();
        json.String("request", channel.Request);
        json.String("field", channel.Field);
        json.String("kind", channel.Kind);
        json.Strings("variants", channel.Variants);
        json.String("explainedBy", channel.Attribution);
        json.Strings("changes", channel.Changes);
        json.String("variantExcerpt", channel.Excerpt);
        json.EndObject();
    }
}
