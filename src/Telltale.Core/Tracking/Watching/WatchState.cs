using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telltale.Tracking.Watching;

/// <summary>
/// The last version seen of each watched package, as a small JSON file:
/// <c>{"packages": {"NAME": {"lastSeen": "1.2.3", "updatedAt": "…"}}}</c>; <c>lastSeen</c> is null for a
/// package that had no release when first seen. Written whole to a temporary file and moved over the old
/// one, so a crash leaves either the old state or the new, never half of one.
/// </summary>
internal sealed class WatchState
{
    private readonly Dictionary<string, (string? LastSeen, DateTimeOffset UpdatedAt)> _packages = new(StringComparer.Ordinal);

    private WatchState(string path) => Path = path;

    public string Path { get; }

    /// <summary>The state at <paramref name="path"/>; empty when the file does not exist yet.</summary>
    /// <exception cref="InvalidDataException">when the file is not a watch state: guessing would re-alert or miss versions.</exception>
    public static WatchState Load(string path)
    {
        var state = new WatchState(path);
        if (!File.Exists(path))
        {
            return state;
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException("empty");
            foreach (var (name, entry) in root["packages"]?.AsObject() ?? throw new InvalidDataException("no \"packages\" object"))
            {
                var lastSeen = entry?["lastSeen"]?.GetValue<string>();
                var updatedAt = entry?["updatedAt"]?.GetValue<DateTimeOffset>() ?? DateTimeOffset.MinValue;
                state._packages[name] = (lastSeen, updatedAt);
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"the watch state {path} is not readable ({error.Message}); fix or delete it (every package is then seen for the first time)", error);
        }

        return state;
    }

    public bool Knows(string package) => _packages.ContainsKey(package);

    /// <summary>The last version seen of a known package; null when it had no release yet.</summary>
    public string? LastSeen(string package) => _packages.TryGetValue(package, out var entry) ? entry.LastSeen : null;

    /// <summary>Records <paramref name="version"/> as seen and writes the file at once.</summary>
    public void Record(string package, string? version, DateTimeOffset now)
    {
        _packages[package] = (version, now);
        Save();
    }

    private void Save()
    {
        var packages = new JsonObject();
        foreach (var (name, entry) in _packages.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            packages[name] = new JsonObject { ["lastSeen"] = entry.LastSeen, ["updatedAt"] = entry.UpdatedAt };
        }

        var text = new JsonObject { ["packages"] = packages }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, Path, overwrite: true);
    }
}
