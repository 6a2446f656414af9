using System.Text.Json;

namespace Telltale.Artifacts;

public sealed partial class NpmRegistryClient
{
    /// <summary>
    /// The abbreviated packument of <paramref name="packageName"/>, read into what deciding an install needs; null when
    /// the registry has no such package (404). Downloads no tarball.
    /// </summary>
    /// <exception cref="TargetException">when the name is not a valid npm name or the registry cannot be read.</exception>
    public async Task<NpmPackument?> GetPackumentAsync(string packageName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageName);
        if (!NpmPackageSpec.IsValidName(packageName))
        {
            throw new TargetException($"invalid npm package name '{EntryNames.Printable(packageName)}'");
        }

        using var document = await FetchPackumentDocumentAsync(packageName, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : packageName;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("dist-tags", out var distTags) && distTags.ValueKind == JsonValueKind.Object)
        {
            foreach (var tag in distTags.EnumerateObject().Where(t => t.Value.ValueKind == JsonValueKind.String))
            {
                tags[tag.Name] = tag.Value.GetString()!;
            }
        }

        var versions = new List<string>();
        var manifests = new Dictionary<string, NpmManifest>(StringComparer.Ordinal);
        foreach (var version in root.GetProperty("versions").EnumerateObject())
        {
            if (manifests.TryAdd(version.Name, NpmManifest.Read(name, version.Name, version.Value)))
            {
                versions.Add(version.Name);
            }
        }

        return new NpmPackument(name, versions, tags, manifests);
    }

    /// <summary>Whether a version can be fetched and named in a cache path: plain characters only, no <c>..</c>.</summary>
    public static bool IsUsableVersion(string version) =>
        IsSafeVersion(version ?? throw new ArgumentNullException(nameof(version)));
}
