using System.Text.Json;

namespace Telltale.Artifacts;

/// <summary>
/// What of one published version's manifest decides what <c>npm install</c> brings with it: its dependency maps as
/// written (names and selectors are the publisher's, so nothing here is trusted or parsed yet), the names it bundles
/// and its <c>os</c>/<c>cpu</c>/<c>libc</c>.
/// </summary>
/// <param name="Name">The package.</param>
/// <param name="Version">This version.</param>
public sealed record NpmManifest(string Name, string Version)
{
    /// <summary><c>dependencies</c>, in manifest order; a value that is not a string is null.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Dependencies { get; init; } = [];

    /// <summary><c>optionalDependencies</c>, in manifest order; a value that is not a string is null.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> OptionalDependencies { get; init; } = [];

    /// <summary><c>peerDependencies</c>, in manifest order; a value that is not a string is null.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> PeerDependencies { get; init; } = [];

    /// <summary>Peers that <c>peerDependenciesMeta</c> marks <c>optional</c>: npm does not install them.</summary>
    public IReadOnlySet<string> OptionalPeers { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>bundleDependencies</c> (or <c>bundledDependencies</c>): shipped inside the tarball, not fetched.</summary>
    public IReadOnlySet<string> Bundled { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>bundleDependencies: true</c>: every entry of <see cref="Dependencies"/> is in the tarball.</summary>
    public bool BundlesAllDependencies { get; init; }

    public NpmPlatformRequirements Requirements { get; init; } = NpmPlatformRequirements.None;

    /// <summary>Reads the fields from a packument's version object; anything of the wrong JSON type counts as absent.</summary>
    public static NpmManifest Read(string name, string version, JsonElement manifest)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        if (manifest.ValueKind != JsonValueKind.Object)
        {
            return new NpmManifest(name, version);
        }

        var bundled = new HashSet<string>(StringComparer.Ordinal);
        var bundlesAll = false;
        foreach (var property in (string[])["bundleDependencies", "bundledDependencies"])
        {
            if (!manifest.TryGetProperty(property, out var value))
            {
                continue;
            }

            bundlesAll |= value.ValueKind == JsonValueKind.True;
            if (value.ValueKind == JsonValueKind.Array)
            {
                bundled.UnionWith(value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
            }
        }

        var optionalPeers = new HashSet<string>(StringComparer.Ordinal);
        if (manifest.TryGetProperty("peerDependenciesMeta", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            foreach (var peer in meta.EnumerateObject())
            {
                if (peer.Value.ValueKind == JsonValueKind.Object && peer.Value.TryGetProperty("optional", out var optional) && optional.ValueKind == JsonValueKind.True)
                {
                    optionalPeers.Add(peer.Name);
                }
            }
        }

        return new NpmManifest(name, version)
        {
            Dependencies = Map(manifest, "dependencies"),
            OptionalDependencies = Map(manifest, "optionalDependencies"),
            PeerDependencies = Map(manifest, "peerDependencies"),
            OptionalPeers = optionalPeers,
            Bundled = bundled,
            BundlesAllDependencies = bundlesAll,
            Requirements = NpmPlatformRequirements.FromManifest(manifest),
        };
    }

    private static List<KeyValuePair<string, string?>> Map(JsonElement manifest, string property)
    {
        if (!manifest.TryGetProperty(property, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        // A key written twice counts once, at its first place with its last value, as JSON.parse in npm reads it.
        var entries = new List<KeyValuePair<string, string?>>();
        var places = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            var value = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
            if (places.TryGetValue(entry.Name, out var place))
            {
                entries[place] = new(entry.Name, value);
            }
            else
            {
                places[entry.Name] = entries.Count;
                entries.Add(new(entry.Name, value));
            }
        }

        return entries;
    }
}
