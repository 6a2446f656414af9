using System.Text.Json;

namespace Telltale.Artifacts;

public sealed partial class NpmRegistryClient
{
    /// <summary>
    /// Which platform packages npm would install with <paramref name="spec"/> on <paramref name="platform"/>:
    /// reads the manifests from the registry and downloads no tarball.
    /// </summary>
    /// <exception cref="TargetException">when the package or a packument cannot be had (network, registry errors).</exception>
    public async Task<NpmPlatformSelection> SelectPlatformPackagesAsync(NpmPackageSpec spec, NpmPlatform platform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(platform);
        var resolved = await ResolveAsync(spec, cancellationToken).ConfigureAwait(false);
        return await SelectAsync(resolved.Name, resolved.Version, resolved.OptionalDependencies, platform, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As the other overload, for a package already downloaded; its manifest is read again only when the download did not read it.</summary>
    public async Task<NpmPlatformSelection> SelectPlatformPackagesAsync(NpmDownload download, NpmPlatform platform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(download);
        ArgumentNullException.ThrowIfNull(platform);
        var dependencies = download.OptionalDependencies;
        if (dependencies is null)
        {
            var spec = NpmPackageSpec.Parse($"{NpmPackageSpec.Prefix}{download.Name}@{download.Version}");
            dependencies = (await ResolveAsync(spec, cancellationToken).ConfigureAwait(false)).OptionalDependencies;
        }

        return await SelectAsync(download.Name, download.Version, dependencies, platform, cancellationToken).ConfigureAwait(false);
    }

    private async Task<NpmPlatformSelection> SelectAsync(string name, string version, IReadOnlyList<NpmDependency> dependencies, NpmPlatform platform, CancellationToken cancellationToken)
    {
        // Aliases often all point into one package (npm:@openai/codex@0.169.0-linux-x64, …): one fetch each.
        var byName = dependencies.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .Select(group => PlatformPackagesAsync(group.Key, [.. group], cancellationToken));
        var found = (await Task.WhenAll(byName).ConfigureAwait(false)).SelectMany(p => p).ToDictionary(p => p.Alias, StringComparer.Ordinal);
        var available = dependencies
            .Where(d => found.ContainsKey(d.Alias))
            .Select(d => found[d.Alias])
            .Where(p => !(string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Version == version))
            .ToList();
        var unpublished = dependencies.Where(d => !found.ContainsKey(d.Alias) && found.Count == 0 && NamesAPlatform(d)).ToList();
        return new NpmPlatformSelection(platform, available) { Unpublished = unpublished };
    }

    private static readonly string[] PlatformWords = ["linux", "darwin", "win32", "windows", "macos", "freebsd", "x64", "arm64", "ia32", "musl"];

    // Only a missing dependency's name is left to go on: its manifest, with os and cpu, is what is missing.
    private static bool NamesAPlatform(NpmDependency dependency) =>
        PlatformWords.Any(word => dependency.Name.Contains(word, StringComparison.OrdinalIgnoreCase) || dependency.Alias.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Each dependency on <paramref name="packageName"/> at the version npm would pick, when that version
    /// declares an os or cpu; plain optional dependencies are left out. So is a dependency the registry
    /// lacks (404, no fitting version): npm skips a failed optional dependency, so the installed program
    /// would not have it either.
    /// </summary>
    private async Task<List<NpmPlatformPackage>> PlatformPackagesAsync(string packageName, List<NpmDependency> dependencies, CancellationToken cancellationToken)
    {
        var packages = new List<NpmPlatformPackage>();
        using var document = await FetchPackumentDocumentAsync(packageName, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return packages;
        }

        var root = document.RootElement;
        var versions = root.GetProperty("versions");
        var published = versions.EnumerateObject().Select(v => v.Name).ToList();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("dist-tags", out var distTags) && distTags.ValueKind == JsonValueKind.Object)
        {
            foreach (var tag in distTags.EnumerateObject().Where(t => t.Value.ValueKind == JsonValueKind.String))
            {
                tags[tag.Name] = tag.Value.GetString()!;
            }
        }

        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : packageName;
        foreach (var dependency in dependencies)
        {
            var picked = dependency.PickVersion(published, tags);
            if (picked is null || !IsSafeVersion(picked) || !versions.TryGetProperty(picked, out var manifest))
            {
                continue;
            }

            var requirements = NpmPlatformRequirements.FromManifest(manifest);
            if (requirements.IsPlatformSpecific)
            {
                packages.Add(new NpmPlatformPackage(dependency.Alias, name, picked, requirements));
            }
        }

        return packages;
    }
}
