namespace Telltale.Artifacts;

/// <summary>Turns what the user typed (<c>npm:name@1.2.3</c>, a file, a directory) into a local path.</summary>
public sealed class TargetResolver
{
    public const string NpmSource = "npm";
    public const string FileSource = "file";
    public const string DirectorySource = "directory";

    private static readonly Lazy<HttpClient> SharedHttp = new(CreateHttpClient);

    private readonly Lazy<NpmRegistryClient> _npm;

    /// <summary>Reads npm's configuration and the cache location from this process's environment, on first npm use.</summary>
    /// <param name="platform">Whose platform packages come with an npm target; null for none (the CLI passes <see cref="NpmPlatform.Current"/> unless told otherwise).</param>
    public TargetResolver(NpmPlatform? platform = null)
        : this(() => new NpmRegistryClient(SharedHttp.Value, NpmRegistryConfig.Load()), platform)
    {
    }

    /// <param name="npmClient">The registry client for npm targets.</param>
    /// <param name="platform">Whose platform packages come with an npm target; null for none.</param>
    public TargetResolver(NpmRegistryClient npmClient, NpmPlatform? platform = null)
        : this(() => npmClient, platform)
    {
        ArgumentNullException.ThrowIfNull(npmClient);
    }

    private TargetResolver(Func<NpmRegistryClient> npmClientFactory, NpmPlatform? platform)
    {
        _npm = new Lazy<NpmRegistryClient>(npmClientFactory);
        Platform = platform;
    }

    /// <summary>The platform whose packages come with npm targets; null when they are left out.</summary>
    public NpmPlatform? Platform { get; }

    /// <exception cref="TargetException">when the target cannot be had; the message is one printable line.</exception>
    public async Task<ResolvedTarget> ResolveAsync(string target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (NpmPackageSpec.IsNpmSpec(target))
        {
            var spec = NpmPackageSpec.Parse(target);
            var download = await _npm.Value.DownloadAsync(spec, ct).ConfigureAwait(false);
            var resolved = new ResolvedTarget(download.Name, download.Version, download.TarballPath, Hash(download.TarballPath), NpmSource);
            return Platform is null ? resolved : await WithPlatformPackagesAsync(resolved, download, Platform, ct).ConfigureAwait(false);
        }

        if (target.Length == 0)
        {
            throw new TargetException("no target given");
        }

        var fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        if (Directory.Exists(fullPath))
        {
            var directory = new DirectoryInfo(fullPath);
            var name = directory.Parent is null ? directory.FullName : directory.Name;
            return new ResolvedTarget(name, null, directory.FullName, Hash(directory.FullName), DirectorySource);
        }

        if (File.Exists(fullPath))
        {
            return new ResolvedTarget(Path.GetFileName(fullPath), null, fullPath, Hash(fullPath), FileSource);
        }

        throw new TargetException($"no such file or directory: {EntryNames.Printable(target)}");
    }

    /// <summary>The exact version an npm spec stands for, from the registry for a tag; no tarball is fetched.</summary>
    /// <exception cref="TargetException">when the package or tag is unknown or the registry fails.</exception>
    public Task<string> ResolveNpmVersionAsync(NpmPackageSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Version is { } exact ? Task.FromResult(exact) : _npm.Value.ResolveVersionAsync(spec, ct);
    }

    private async Task<ResolvedTarget> WithPlatformPackagesAsync(ResolvedTarget resolved, NpmDownload download, NpmPlatform platform, CancellationToken ct)
    {
        var selection = await _npm.Value.SelectPlatformPackagesAsync(download, platform, ct).ConfigureAwait(false);
        if (selection.Available.Count == 0)
        {
            // Declared platform packages none of which is published read as "no platform package", not as a
            // package without platform packages: the scan must not pass a bare wrapper off as the tool.
            return selection.Unpublished.Count == 0 ? resolved : resolved with { Platform = platform.ToString() };
        }

        var packages = new List<ResolvedPlatformPackage>();
        foreach (var package in selection.Selected)
        {
            NpmDownload fetched;
            try
            {
                fetched = await _npm.Value.DownloadAsync(NpmPackageSpec.Parse($"{NpmPackageSpec.Prefix}{package.Name}@{package.Version}"), ct).ConfigureAwait(false);
            }
            catch (TargetException ex)
            {
                // The program is in the platform package, so scanning without it would report a clean wrapper.
                throw new TargetException($"platform package {package} for {platform}: {ex.Message}", ex);
            }

            packages.Add(new ResolvedPlatformPackage(fetched.Name, fetched.Version, fetched.TarballPath, Hash(fetched.TarballPath)));
        }

        return resolved with { Platform = platform.ToString(), PlatformPackages = packages };
    }

    private static string Hash(string path)
    {
        try
        {
            return ArtifactHasher.Hash(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TargetException($"cannot read {path}: {ex.Message}", ex);
        }
    }

    private static HttpClient CreateHttpClient()
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // Each try has its own timeout in NpmRegistryClientOptions.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("telltale/1.0");
        return client;
    }
}
