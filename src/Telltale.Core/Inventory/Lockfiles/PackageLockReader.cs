using System.Text.Json;

namespace Telltale.Inventory.Lockfiles;

/// <summary>
/// <c>package-lock.json</c>: lockfileVersion 2 and 3 list every installed folder under <c>packages</c>, keyed by its
/// path (<c>node_modules/a/node_modules/@s/b</c>); version 1 (and a file with no <c>packages</c>) nests
/// <c>dependencies</c>, where an alias's version is <c>npm:real@1.2.3</c>.
/// </summary>
internal static class PackageLockReader
{
    private const string NodeModules = "node_modules/";

    public static void Read(string content, LockfileSink sink)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = LockfileReader.MaxDepth, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            string at = e.LineNumber is { } line ? $":{line + 1}" : "";
            throw new InvalidDataException($"{sink.FileName}{at}: not valid JSON ({FirstSentence(e.Message)})", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{sink.FileName}: the top level is not a JSON object.");
            }

            try
            {
                if (root.TryGetProperty("packages", out JsonElement packages) && packages.ValueKind == JsonValueKind.Object)
                {
                    ReadPackages(packages, sink);
                }
                else if (root.TryGetProperty("dependencies", out JsonElement dependencies) && dependencies.ValueKind == JsonValueKind.Object)
                {
                    ReadDependencies(dependencies, "", sink);
                }
            }
            catch (InvalidOperationException e)
            {
                // A lone surrogate escape ("\ud800") parses, and throws only when the key or string is read. Found by
                // the lockfile fuzz target.
                throw new InvalidDataException($"{sink.FileName}: holds text that is not valid Unicode ({FirstSentence(e.Message)})", e);
            }
        }
    }

    private static void ReadPackages(JsonElement packages, LockfileSink sink)
    {
        foreach (JsonProperty package in packages.EnumerateObject())
        {
            string key = package.Name;

            // "" is the project; a key without node_modules/ is a workspace's own folder; both are the project's code.
            int last = key.LastIndexOf(NodeModules, StringComparison.Ordinal);
            if (last < 0 || (last > 0 && key[last - 1] != '/'))
            {
                continue;
            }

            if (package.Value.ValueKind != JsonValueKind.Object)
            {
                sink.Skip(null, key, "not an object");
                continue;
            }

            if (package.Value.TryGetProperty("link", out JsonElement link) && link.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            // An alias (node_modules/alias for npm:real@1.2.3) carries the real name; otherwise the folder is the name.
            string? name = String(package.Value, "name") ?? key[(last + NodeModules.Length)..];
            sink.Add(name, String(package.Value, "version"), key);
        }
    }

    private static void ReadDependencies(JsonElement dependencies, string parent, LockfileSink sink)
    {
        foreach (JsonProperty dependency in dependencies.EnumerateObject())
        {
            string key = parent + NodeModules + dependency.Name;
            if (dependency.Value.ValueKind != JsonValueKind.Object)
            {
                sink.Skip(null, key, "not an object");
                continue;
            }

            string name = dependency.Name;
            string? version = String(dependency.Value, "version");
            if (version is not null && version.StartsWith("npm:", StringComparison.Ordinal))
            {
                if (LockfileSink.SplitAt(version[4..]) is { } alias)
                {
                    (name, version) = alias;
                }
                else
                {
                    sink.Skip(null, key, $"alias '{LockfileSink.Shown(version)}' names no version");
                    continue;
                }
            }

            if (version is null || !version.StartsWith("file:", StringComparison.Ordinal))
            {
                sink.Add(name, version, key);
            }

            if (dependency.Value.TryGetProperty("dependencies", out JsonElement nested) && nested.ValueKind == JsonValueKind.Object)
            {
                // Recursion is bounded: the parser refused documents deeper than MaxDepth.
                ReadDependencies(nested, key + "/", sink);
            }
        }
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FirstSentence(string message)
    {
        // System.Text.Json quotes the bytes of a broken literal, which may hold a CR: one line ends at either break.
        string line = message.Split('\n', '\r')[0].Trim();
        int path = line.IndexOf(" Path:", StringComparison.Ordinal);
        return path > 0 ? line[..path].TrimEnd('.', ' ') : line.TrimEnd('.');
    }
}
