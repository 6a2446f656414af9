using Telltale.Probing.Matrix;
using Telltale.Probing.Running;
using Telltale.Reports;

namespace Telltale.Probing.Reports;

/// <summary>
/// The probe report as JSON (schema in docs/probe.md): the matrix, every run (exit code, output, requests),
/// and the comparison — differences with their code-point changes and explaining factors, derived tokens,
/// noise fields and measured capacity. Hard-to-see characters are escaped, the rest stays UTF-8.
/// </summary>
public static class ProbeJsonWriter
{
    /// <summary>
    /// 1.1 added the front door: <see cref="Write(FrontDoorProbeReport)"/> and each run's <c>frontDoor</c> decisions;
    /// 1.2 the follow-up variants (<c>followUp</c> on a variant, <c>followUpsCut</c>) and <c>isolated</c> on a difference.
    /// </summary>
    public const string SchemaVersion = "1.2";

    public static string Write(ProbeReport report)
    {
        var json = new JsonEmitter();
        json.StartObject();
        json.String("schemaVersion", SchemaVersion);
        json.String("tool", "telltale probe");
        json.String("toolVersion", report.ToolVersion);
        WriteReport(json, report);
        json.EndObject();
        return json.ToString();
    }

    /// <summary>
    /// A probe through a front door: the verdict per channel of the direct probe (closed or still reaching the upstream),
    /// the characters the front door changed by variant, the date forms it saw, then both probe reports whole.
    /// </summary>
    public static string Write(FrontDoorProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonEmitter();
        json.StartObject();
        json.String("schemaVersion", SchemaVersion);
        json.String("tool", "telltale probe");
        json.String("toolVersion", report.Through.ToolVersion);
        json.String("frontDoor", report.FrontDoor);
        json.Boolean("channelsReachUpstream", report.HasChannelsAtUpstream);
        json.Number("frontDoorIncompleteRuns", report.IncompleteRuns.Count);
        json.StartArray("channels");
        foreach (var channel in report.Channels)
        {
            json.StartObject();
            json.Boolean("reachesUpstream", channel.ReachesUpstream);
            json.Name("channel");
            WriteDifference(json, channel.Channel);
            json.EndObject();
        }

        json.EndArray();
        json.StartArray("newChannels");
        foreach (var channel in report.NewChannels)
        {
            WriteDifference(json, channel);
        }

        json.EndArray();
        json.StartArray("characterChanges");
        foreach (var change in report.CharacterChanges)
        {
            json.StartObject();
            json.String("before", change.Before);
            json.String("after", change.After);
            json.String("reason", change.Reason);
            json.StartArray("variants");
            foreach (var (variant, count) in change.Variants)
            {
                json.StartObject();
                json.String("variant", variant);
                json.Number("changes", count);
                json.EndObject();
            }

            json.EndArray();
            json.EndObject();
        }

        json.EndArray();
        json.StartArray("dateForms");
        foreach (var (variant, forms) in report.DateForms)
        {
            json.StartObject();
            json.String("variant", variant);
            json.Strings("forms", forms);
            json.EndObject();
        }

        json.EndArray();
        json.StartArray("dateFormVariations");
        foreach (var (variant, variation) in report.Variations)
        {
            json.StartObject();
            json.String("variant", variant);
            WriteVariation(json, variation);
            json.EndObject();
        }

        json.EndArray();
        json.StartObject("direct");
        WriteReport(json, report.Direct);
        json.EndObject();
        json.StartObject("throughFrontDoor");
        WriteReport(json, report.Through);
        json.EndObject();
        json.EndObject();
        return json.ToString();
    }

    private static void WriteMatrixSource(JsonEmitter json, ProbeMatrixSource source)
    {
        json.StartObject("matrixSource");
        json.String("origin", source.Origin switch
        {
            ProbeMatrixOrigin.File => "file",
            ProbeMatrixOrigin.ScanReport => "scan-report",
            ProbeMatrixOrigin.Scan => "scan",
            _ => "defaults",
        });
        json.String("description", source.Description);
        json.String("sha256", source.Sha256);
        json.Boolean("fromStore", source.FromStore);
        json.Number("derivedVariants", source.DerivedVariants);
        json.String("summary", source.Summary());
        json.EndObject();
    }

    private static void WriteReport(JsonEmitter json, ProbeReport report)
    {
        json.String("command", report.Command);
        json.String("isolation", report.Isolation);
        json.String("startedAt", report.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        json.Number("elapsedSeconds", Math.Round(report.Elapsed.TotalSeconds, 3));
        json.Number("repeats", report.Matrix.Repeats);
        WriteMatrixSource(json, report.MatrixSource);

        json.StartArray("variants");
        foreach (var variant in report.Matrix.Variants)
        {
            json.StartObject();
            json.String("name", variant.Name);
            json.Boolean("followUp", report.FollowUpVariants.Contains(variant.Name, StringComparer.Ordinal));
            json.StartObject("env");
            foreach (var (key, value) in variant.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.String(key, value);
            }

            json.EndObject();
            json.EndObject();
        }

        json.EndArray();
        json.Boolean("followUpsCut", report.FollowUpsCut);
        WriteComparison(json, report.Comparison);

        json.StartArray("runs");
        foreach (var outcome in report.Runs)
        {
            json.StartObject();
            json.String("variant", outcome.Run.Variant);
            json.Number("repeat", outcome.Run.Repeat);
            json.Number("exitCode", outcome.Run.ExitCode);
            json.Boolean("timedOut", outcome.TimedOut);
            json.Number("seconds", Math.Round(outcome.Duration.TotalSeconds, 3));
            json.String("stdout", outcome.Run.Stdout);
            json.String("stderr", outcome.Run.Stderr);
            json.StartArray("requests");
            foreach (var request in outcome.Run.Requests)
            {
                WriteRequest(json, request);
            }

            json.EndArray();
            if (outcome.FrontDoorDecisions.Count > 0 || !outcome.FrontDoorComplete)
            {
                json.Boolean("frontDoorComplete", outcome.FrontDoorComplete);
                WriteFrontDoorDecisions(json, outcome.FrontDoorDecisions);
            }

            json.EndObject();
        }

        json.EndArray();
    }

    private static void WriteFrontDoorDecisions(JsonEmitter json, IReadOnlyList<FrontDoorDecision> decisions)
    {
        json.StartArray("frontDoor");
        foreach (var decision in decisions)
        {
            json.StartObject();
            json.String("method", decision.Method);
            json.String("route", decision.Route);
            json.String("action", decision.Action);
            json.Number("status", decision.Status);
            json.StartArray("changes");
            foreach (var change in decision.Changes)
            {
                json.StartObject();
                json.String("path", change.JsonPath);
                json.Number("offset", change.Change.Offset);
                json.String("before", change.Change.Before);
                json.String("after", change.Change.After);
                json.String("reason", change.Change.Reason.ToString());
                json.EndObject();
            }

            json.EndArray();
            json.Strings("dateForms", decision.DateForms);
            if (decision.Variation is { } variation)
            {
                json.StartObject("variation");
                WriteVariation(json, variation);
                json.EndObject();
            }

            json.Strings("notes", decision.Notes);
            json.EndObject();
        }

        json.EndArray();
    }

    private static void WriteVariation(JsonEmitter json, Telltale.Gateway.DateFormVariation variation)
    {
        json.String("client", variation.Client);
        json.String("newForm", variation.NewForm);
        json.StartArray("forms");
        foreach (var form in variation.Forms)
        {
            json.StartObject();
            json.String("form", form.Form);
            json.Number("requests", form.Requests);
            json.EndObject();
        }

        json.EndArray();
    }

    private static void WriteComparison(JsonEmitter json, ProbeComparisonResult comparison)
    {
        json.StartObject("comparison");
        json.String("baseline", comparison.BaselineVariant);
        json.Number("fieldsCompared", comparison.FieldsCompared);
        json.Number("capacityBits", Math.Round(comparison.TotalBits, 3));
        json.Number("channels", comparison.Differences.Count(ChannelClassifier.IsChannel));
        json.StartArray("differences");
        foreach (var difference in comparison.Differences)
        {
            WriteDifference(json, difference);
        }

        json.EndArray();
        json.StartArray("derived");
        foreach (var difference in comparison.Derived)
        {
            WriteDifference(json, difference);
        }

        json.EndArray();
        json.StartArray("noise");
        foreach (var noise in comparison.Noise)
        {
            json.StartObject();
            json.String("request", noise.Request.ToString());
            json.String("field", noise.Field.ToString());
            json.Strings("unstableIn", noise.UnstableVariants);
            json.EndObject();
        }

        json.EndArray();
        json.StartArray("capacity");
        foreach (var capacity in comparison.Capacity)
        {
            json.StartObject();
            json.String("request", capacity.Request.ToString());
            json.String("field", capacity.Field.ToString());
            json.Number("distinctValues", capacity.DistinctValues);
            json.Number("bits", Math.Round(capacity.Bits, 3));
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
    }

    /// <summary>One captured request as reports and evidence bundles publish it (<see cref="Capture.SecretRedaction.Published"/>).</summary>
    internal static void WriteRequest(JsonEmitter json, CapturedRequest captured)
    {
        var request = Capture.SecretRedaction.Published(captured);
        json.StartObject();
        json.Number("sequence", request.Sequence);
        json.String("method", request.Method);
        json.String("host", request.Host);
        json.String("path", request.Path);
        json.StartObject("headers");
        foreach (var (name, value) in request.Headers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json.String(name, value);
        }

        json.EndObject();
        json.String("body", request.Body);
        json.EndObject();
    }

    private static void WriteDifference(JsonEmitter json, ProbeDifference difference)
    {
        json.StartObject();
        json.String("request", difference.Request.ToString());
        json.String("field", difference.Field.ToString());
        json.String("kind", difference.Kind.ToString().ToLowerInvariant());
        json.Boolean("channel", ChannelClassifier.IsChannel(difference));
        json.String("reference", difference.ReferenceVariant);
        json.String("referenceExcerpt", difference.ReferenceExcerpt);
        json.String("variantExcerpt", difference.VariantExcerpt);
        json.Strings("variants", difference.Variants);
        json.String("explainedBy", difference.Attribution.ToString());
        json.Boolean("isolated", difference.Attribution.Alternatives.Count == 1);
        json.StartArray("changes");
        foreach (var change in difference.Changes)
        {
            json.StartObject();
            json.Number("offset", change.OldOffset);
            json.String("old", change.OldText);
            json.String("new", change.NewText);
            json.Strings("oldCodePoints", change.OldCodePoints);
            json.Strings("newCodePoints", change.NewCodePoints);
            json.Boolean("lookAlike", change.IsLookAlike);
            json.Boolean("invisible", change.IsInvisible);
            json.String("excerpt", change.Excerpt);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
    }
}
