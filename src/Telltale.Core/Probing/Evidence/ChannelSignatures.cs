using System.Text.Json;
using Telltale.Probing.Reports;

namespace Telltale.Probing.Evidence;

/// <summary>
/// The channels of a probe report as <see cref="ChannelSignature"/>s, read from its JSON (<see cref="ProbeJsonWriter"/>):
/// a recorded report and a fresh one pass through the same writer and reader, so escaping and naming cannot make
/// the same channel look different.
/// </summary>
public static class ChannelSignatures
{
    public static IReadOnlyList<ChannelSignature> Of(ProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var document = JsonDocument.Parse(ProbeJsonWriter.Write(report));
        return Read(document.RootElement, "the report");
    }

    /// <summary>The differences marked <c>channel</c> under <c>comparison.differences</c>.</summary>
    /// <exception cref="ProbeException">The document is not a probe report of that shape.</exception>
    public static IReadOnlyList<ChannelSignature> Read(JsonElement report, string source)
    {
        if (report.ValueKind != JsonValueKind.Object
            || !report.TryGetProperty("comparison", out var comparison) || comparison.ValueKind != JsonValueKind.Object
            || !comparison.TryGetProperty("differences", out var differences) || differences.ValueKind != JsonValueKind.Array)
        {
            throw new ProbeException($"{source}: not a probe report (no comparison.differences list)");
        }

        var channels = new List<ChannelSignature>();
        foreach (var difference in differences.EnumerateArray())
        {
            if (difference.ValueKind != JsonValueKind.Object)
            {
                throw new ProbeException($"{source}: a difference is not an object");
            }

            if (!difference.TryGetProperty("channel", out var channel) || channel.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new ProbeException($"{source}: a difference has no 'channel' true or false");
            }

            if (channel.ValueKind == JsonValueKind.False)
            {
                continue;
            }

            var changes = new List<string>();
            foreach (var change in Array(difference, "changes", source))
            {
                if (change.ValueKind != JsonValueKind.Object)
                {
                    throw new ProbeException($"{source}: a change is not an object");
                }

                changes.Add($"{string.Join(", ", Strings(change, "oldCodePoints", source))} → {string.Join(", ", Strings(change, "newCodePoints", source))}");
            }

            channels.Add(new ChannelSignature(
                Text(difference, "request", source),
                Text(difference, "field", source),
                Text(difference, "kind", source),
                Strings(difference, "variants", source),
                Text(difference, "explainedBy", source),
                changes,
                Text(difference, "variantExcerpt", source)));
        }

        return channels;
    }

    private static string Text(JsonElement owner, string name, string source) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ProbeException($"{source}: a difference has no text '{name}'");

    private static JsonElement.ArrayEnumerator Array(JsonElement owner, string name, string source) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new ProbeException($"{source}: a difference has no list '{name}'");

    private static IReadOnlyList<string> Strings(JsonElement owner, string name, string source) =>
        [.. Array(owner, name, source).Select(item => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw new ProbeException($"{source}: '{name}' holds something other than text"))];
}
