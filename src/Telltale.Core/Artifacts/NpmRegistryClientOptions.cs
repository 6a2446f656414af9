namespace Telltale.Artifacts;

/// <summary>Where <see cref="NpmRegistryClient"/> caches and how hard it tries.</summary>
public sealed record NpmRegistryClientOptions
{
    /// <summary>The telltale cache root (tarballs go under <c>npm/</c>); null for <see cref="NpmRegistryClient.DefaultCacheDirectory()"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Tries per request, counting the first; timeouts, 408, 429 and 5xx are retried.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Wait before the first retry; it doubles for each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one try (headers and body) may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest packument read; a registry that ignores the abbreviated form can send a very large one.</summary>
    public long MaxPackumentBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Largest tarball downloaded.</summary>
    public long MaxTarballBytes { get; init; } = 512L * 1024 * 1024;
}
