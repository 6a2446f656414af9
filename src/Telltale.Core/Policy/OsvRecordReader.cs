using System.Text.Json;

namespace Telltale.Policy;

/// <summary>
/// Turns one OSV record (an existing feed of malicious npm releases, say) into a policy entry with the status the
/// including policy gives its feed. Only the ecosystems a policy covers are kept; a record that names none of
/// them, or is withdrawn, is no entry.
/// </summary>
internal static class OsvRecordReader
{
    public static PolicyEntry? Read(string display, string json, PolicyStatus status)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException error)
        {
            throw new PolicyException($"{display}:{(error.LineNumber ?? 0) + 1}: not valid JSON: {PolicyLoader.OneLine(error.Message)}", error);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyException($"{display}:1: an OSV record is a JSON object");
            }

            var id = Text(root, "id") ?? throw new PolicyException($"{display}:1: an OSV record needs an 'id'");
            if (root.TryGetProperty("withdrawn", out var withdrawn) && withdrawn.ValueKind == JsonValueKind.String)
            {
                return null;
            }

            var affected = new List<AffectedPackage>();
            if (root.TryGetProperty("affected", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (ReadAffected(display, id, item) is { } package)
                    {
                        affected.Add(package);
                    }
                }
            }

            if (affected.Count == 0)
            {
                return null;
            }

            var references = root.TryGetProperty("references", out var refs) && refs.ValueKind == JsonValueKind.Array
                ? refs.EnumerateArray().Select(r => Text(r, "url")).OfType<string>().Select(url => new PolicyEvidence("url", url)).ToList()
                : [];
            return new PolicyEntry
            {
                Id = id,
                Title = Text(root, "summary") ?? id,
                Status = status,
                Reason = Text(root, "details"),
                Affected = affected,
                Evidence = references,
                Aliases = root.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array
                    ? aliases.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList()
                    : [],
                Source = display,
            };
        }
    }

    private static AffectedPackage? ReadAffected(string display, string id, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("package", out var package) || package.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // OSV allows a suffix after a colon (Debian:12); only the ecosystem itself matters here.
        var ecosystemText = Text(package, "ecosystem")?.Split(':')[0];
        var name = Text(package, "name");
        if (ecosystemText is null || name is null || PolicyEcosystems.Canonical(ecosystemText) is not { } ecosystem
            || ecosystem is PolicyEcosystems.JetBrains or PolicyEcosystems.Native)
        {
            return null;
        }

        var ranges = new List<AffectedRange>();
        if (item.TryGetProperty("ranges", out var rangeItems) && rangeItems.ValueKind == JsonValueKind.Array)
        {
            foreach (var range in rangeItems.EnumerateArray())
            {
                // GIT ranges name commits, which an installed package does not carry.
                if (Text(range, "type") is "SEMVER" or "ECOSYSTEM" && range.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array)
                {
                    var read = events.EnumerateArray().Select(ReadEvent).OfType<RangeEvent>().ToList();
                    if (read.Count > 0)
                    {
                        ranges.Add(new AffectedRange(read));
                    }
                }
            }
        }

        var versions = item.TryGetProperty("versions", out var versionItems) && versionItems.ValueKind == JsonValueKind.Array
            ? versionItems.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];
        if (ranges.Count == 0 && versions.Count == 0 && item.TryGetProperty("ranges", out _))
        {
            // Ranges of a kind not read here: taking the record as "every version" would ban more than it says.
            throw new PolicyException($"{display}:1: OSV record {YamlMappingReader.Escaped(id)} has ranges but none of type SEMVER or ECOSYSTEM, and no versions");
        }

        return new AffectedPackage(ecosystem, name) { Ranges = ranges, Versions = versions };
    }

    private static RangeEvent? ReadEvent(JsonElement step)
    {
        if (Text(step, "introduced") is { } introduced)
        {
            return new RangeEvent(RangeEventKind.Introduced, introduced);
        }

        if (Text(step, "fixed") is { } fixedIn)
        {
            return new RangeEvent(RangeEventKind.Fixed, fixedIn);
        }

        return Text(step, "last_affected") is { } last ? new RangeEvent(RangeEventKind.LastAffected, last) : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
