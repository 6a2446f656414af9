using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Telltale.Policy;

/// <summary>
/// Writes entries as a <c>policy.yaml</c> that <see cref="PolicyLoader"/> reads back to the same entries: what
/// <c>policy suggest</c> prints for a reviewer to edit and merge. Every text is a double-quoted scalar, so a
/// package's name or a finding's title cannot break out of its field.
/// </summary>
public static class PolicyYamlWriter
{
    // YAML's double-quoted scalars take JSON's escapes; non-ASCII stays readable, controls become \u escapes.
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string? name, IEnumerable<PolicyEntry> entries, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("# A Telltale policy: see docs/policy.md.\n");
        output.Write("schema_version: \"1\"\n");
        if (name is not null)
        {
            output.Write($"name: {Quote(name)}\n");
        }

        output.Write("entries:\n");
        foreach (var entry in entries)
        {
            WriteEntry(entry, output);
        }
    }

    private static void WriteEntry(PolicyEntry entry, TextWriter output)
    {
        output.Write($"  - id: {Quote(entry.Id)}\n");
        output.Write($"    title: {Quote(entry.Title)}\n");
        output.Write($"    status: {PolicyStatusNames.Name(entry.Status)}\n");
        if (entry.Effective is { } effective)
        {
            output.Write($"    effective: {{ date: {Date(effective.Date)}, time_zone: {Quote(effective.TimeZone)}, grace_days: {effective.GraceDays.ToString(CultureInfo.InvariantCulture)} }}\n");
        }

        if (entry.Reason is { } reason)
        {
            output.Write($"    reason: {Quote(reason)}\n");
        }

        output.Write("    affected:\n");
        foreach (var affected in entry.Affected)
        {
            output.Write($"      - package: {{ ecosystem: {Quote(affected.Ecosystem)}, name: {Quote(affected.Name)} }}\n");
            if (affected.Ranges.Count > 0)
            {
                output.Write("        ranges:\n");
                foreach (var range in affected.Ranges)
                {
                    output.Write("          - type: SEMVER\n            events:\n");
                    foreach (var step in range.Events)
                    {
                        output.Write($"              - {EventKey(step.Kind)}: {Quote(step.Version)}\n");
                    }
                }
            }

            if (affected.Versions.Count > 0)
            {
                output.Write($"        versions: [{string.Join(", ", affected.Versions.Select(Quote))}]\n");
            }

            if (affected.NativeBuilds.Count > 0)
            {
                output.Write("        native_builds:\n");
                foreach (var build in affected.NativeBuilds)
                {
                    output.Write($"          - {{ platform: {Quote(build.Platform)}, sha256: {build.Sha256}");
                    output.Write(build.Version is null ? "" : $", version: {Quote(build.Version)}");
                    output.Write(build.Path is null ? "" : $", path: {Quote(build.Path)}");
                    output.Write(" }\n");
                }
            }
        }

        if (entry.Evidence.Count > 0)
        {
            output.Write("    evidence:\n");
            foreach (var evidence in entry.Evidence)
            {
                output.Write($"      - {{ kind: {evidence.Kind}, id: {Quote(evidence.Id)}{(evidence.Note is null ? "" : $", note: {Quote(evidence.Note)}")} }}\n");
            }
        }

        if (entry.Alternatives.Count > 0)
        {
            output.Write("    alternatives:\n");
            foreach (var alternative in entry.Alternatives)
            {
                output.Write($"      - spec: {Quote(alternative.Spec)}\n");
                Optional(output, "scan", alternative.Scan);
                Optional(output, "version", alternative.Version);
                Optional(output, "highest", alternative.Highest);
                if (alternative.CheckedOn is { } checkedOn)
                {
                    output.Write($"        checked_on: {Date(checkedOn)}\n");
                }

                Optional(output, "note", alternative.Note);
            }
        }

        if (entry.Decided is { } decided)
        {
            output.Write($"    decided: {{ by: {Quote(decided.By)}, on: {Date(decided.On)} }}\n");
        }

        if (entry.Aliases.Count > 0)
        {
            output.Write($"    aliases: [{string.Join(", ", entry.Aliases.Select(Quote))}]\n");
        }
    }

    private static void Optional(TextWriter output, string key, string? value)
    {
        if (value is not null)
        {
            output.Write($"        {key}: {Quote(value)}\n");
        }
    }

    public static string EventKey(RangeEventKind kind) => kind switch
    {
        RangeEventKind.Introduced => "introduced",
        RangeEventKind.Fixed => "fixed",
        _ => "last_affected",
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Quote(string text) => JsonSerializer.Serialize(text, Quoting);
}
