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
    public TargetResolver()
        : this(() => new NpmRegistryClient(SharedHttp.Value, NpmRegistryConfig.Load()))
    {
    }

    public TargetResolver(NpmRegistryClient npmClient)
        : this(() => npmClient)
    {
        ArgumentNullException.ThrowIfNull(npmClient);
    }

    private TargetResolver(Func<NpmRegistryClient> npmClientFactory) => _npm = new Lazy<NpmRegistryClient>(npmClientFactory);

    /// <exception cref="TargetException">when the target cannot be had; the message is one printable line.</exception>
    public async Task<ResolvedTarget> ResolveAsync(string target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (NpmPackageSpec.IsNpmSpec(target))
        {
            var spec = NpmPackageSpec.Parse(target);
            var download = await _npm.Value.DownloadAsync(spec, ct).ConfigureAwait(false);
            return new ResolvedTarget(download.Name, download.Version, download.TarballPath, Hash(download.TarballPath), NpmSource);
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
