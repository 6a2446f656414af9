using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telltale.Artifacts;

/// <summary>
/// Fetches npm tarballs the way npm does (abbreviated packument, dist-tags, SRI check) into a local
/// cache. A tarball is only ever returned after its hash matched the registry's integrity: a mismatch
/// or a missing integrity is a <see cref="TargetException"/>, never a silent success.
/// </summary>
public sealed partial class NpmRegistryClient
{
    public const string PackumentAccept = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8";
    private const string IntegritySuffix = ".integrity";

    private readonly HttpClient _http;

    public NpmRegistryClient(HttpClient httpClient, NpmRegistryConfig config, NpmRegistryClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(config);
        _http = httpClient;
        Config = config;
        Options = options ?? new NpmRegistryClientOptions();
        CacheDirectory = Options.CacheDirectory ?? DefaultCacheDirectory();
    }

    public NpmRegistryConfig Config { get; }
    public NpmRegistryClientOptions Options { get; }

    /// <summary>The telltale cache root in use.</summary>
    public string CacheDirectory { get; }

    /// <summary><c>$TELLTALE_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/telltale</c>, else <c>~/.cache/telltale</c>.</summary>
    public static string DefaultCacheDirectory() =>
        DefaultCacheDirectory(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public static string DefaultCacheDirectory(Func<string, string?> environment, string? homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("TELLTALE_CACHE_DIR") is { Length: > 0 } explicitDirectory)
        {
            return Path.GetFullPath(explicitDirectory);
        }

        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(Path.GetFullPath(xdg), "telltale");
        }

        var home = string.IsNullOrEmpty(homeDirectory) ? Path.GetTempPath() : homeDirectory;
        return Path.Combine(home, ".cache", "telltale");
    }

    /// <summary>Where a tarball is cached: <c>npm/&lt;name with / as +&gt;/&lt;version&gt;.tgz</c> under the cache root.</summary>
    public string CachePathFor(string name, string version)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        return Path.Combine(CacheDirectory, "npm", name.Replace('/', '+'), version + ".tgz");
    }

    /// <summary>
    /// Resolves the spec, downloads the tarball unless a verified copy is cached, and checks its integrity.
    /// An exact version already in the cache needs no network at all.
    /// </summary>
    /// <exception cref="TargetException">on any failure: unknown package or version, registry errors after the retries, an integrity mismatch.</exception>
    public async Task<NpmDownload> DownloadAsync(NpmPackageSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Version is { } exact && TryCached(spec.Name, exact, expected: null) is { } early)
        {
            return early;
        }

        var (name, version, tarball, check, optionalDependencies) = await ResolveAsync(spec, cancellationToken).ConfigureAwait(false);
        if (TryCached(name, version, check) is { } cached)
        {
            return cached with { OptionalDependencies = optionalDependencies };
        }

        var path = CachePathFor(spec.Name, version);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = TemporaryBeside(path);
        try
        {
            var digest = await WithRetriesAsync($"downloading {tarball}",
                attempt => DownloadToAsync(tarball, temporary, check, attempt), cancellationToken).ConfigureAwait(false);
            if (!check.Matches(digest))
            {
                throw new TargetException(
                    $"integrity mismatch for {name}@{version}: the registry says {check.Text} but the tarball from {tarball} hashes to {check.Describe(digest)}");
            }

            // The integrity goes first: a tarball without its integrity beside it is never reused.
            var integrityTemporary = TemporaryBeside(path + IntegritySuffix);
            await File.WriteAllTextAsync(integrityTemporary, check.Text, cancellationToken).ConfigureAwait(false);
            File.Move(integrityTemporary, path + IntegritySuffix, overwrite: true);
            File.Move(temporary, path, overwrite: true);
            return new NpmDownload(name, version, path, check.Text, FromCache: false) { OptionalDependencies = optionalDependencies };
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private NpmDownload? TryCached(string name, string version, IntegrityCheck? expected)
    {
        var path = CachePathFor(name, version);
        var integrityPath = path + IntegritySuffix;
        try
        {
            if (!File.Exists(path) || !File.Exists(integrityPath))
            {
                return null;
            }

            var stored = IntegrityCheck.Parse(File.ReadAllText(integrityPath));
            if (stored is not null && stored.MatchesFile(path) && (expected is null || expected.MatchesFile(path)))
            {
                return new NpmDownload(name, version, path, (expected ?? stored).Text, FromCache: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable cache entry is treated like a corrupted one.
        }

        // Corrupted, truncated or from another registry: drop it and download again.
        TryDelete(path);
        TryDelete(integrityPath);
        return null;
    }

    private async Task<(string Name, string Version, Uri Tarball, IntegrityCheck Check, IReadOnlyList<NpmDependency> OptionalDependencies)> ResolveAsync(NpmPackageSpec spec, CancellationToken cancellationToken)
    {
        var registry = Config.RegistryFor(spec.Name);
        using var document = await FetchPackumentDocumentAsync(spec.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new TargetException($"npm package not found: {spec.Name} (404 from {registry.Host})");
        var root = document.RootElement;
        var versions = root.GetProperty("versions");
        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : spec.Name;
        var version = spec.Version ?? DistTag(root, spec);
        if (!IsSafeVersion(version))
        {
            throw new TargetException($"the registry gave an unusable version '{EntryNames.Printable(version)}' for {spec}");
        }

        if (!versions.TryGetProperty(version, out var manifest) || manifest.ValueKind != JsonValueKind.Object)
        {
            throw new TargetException($"{spec.Name} has no version {version} on {registry}");
        }

        if (!manifest.TryGetProperty("dist", out var dist) || dist.ValueKind != JsonValueKind.Object
            || !dist.TryGetProperty("tarball", out var tarballElement) || tarballElement.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(tarballElement.GetString(), UriKind.Absolute, out var tarball)
            || (tarball.Scheme != Uri.UriSchemeHttps && tarball.Scheme != Uri.UriSchemeHttp))
        {
            throw new TargetException($"the registry gives no usable dist.tarball for {name}@{version}");
        }

        var integrity = StringOrNull(dist, "integrity");
        IntegrityCheck? check;
        if (!string.IsNullOrWhiteSpace(integrity))
        {
            check = IntegrityCheck.Parse(integrity)
                ?? throw new TargetException($"the registry's integrity for {name}@{version} uses no supported algorithm: {EntryNames.Printable(integrity)}");
        }
        else
        {
            check = IntegrityCheck.FromShasum(StringOrNull(dist, "shasum"))
                ?? throw new TargetException($"the registry gives no integrity or shasum for {name}@{version}; refusing an unverifiable tarball");
        }

        return (name, version, tarball, check, OptionalDependencies(manifest));
    }

    /// <summary>
    /// The package's packument, checked to be an object with versions and to be about the package asked
    /// for; null when the registry has no such package (404).
    /// </summary>
    private Task<JsonDocument?> FetchPackumentDocumentAsync(string packageName, CancellationToken cancellationToken) =>
        FetchPackumentDocumentAsync(packageName, PackumentAccept, cancellationToken);

    /// <param name="accept">the Accept header: the abbreviated form for installing, the full one when the publish dates are needed.</param>
    private async Task<JsonDocument?> FetchPackumentDocumentAsync(string packageName, string accept, CancellationToken cancellationToken)
    {
        var registry = Config.RegistryFor(packageName);
        var url = new Uri(registry.AbsoluteUri + packageName.Replace("/", "%2f", StringComparison.Ordinal));
        var body = await WithRetriesAsync($"fetching {url}", attempt => FetchPackumentAsync(url, packageName, accept, attempt), cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new TargetException($"the registry sent an unreadable packument for {packageName}: {ex.Message}", ex);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new TargetException($"the registry's packument for {packageName} has no versions");
        }

        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : packageName;
        if (!string.Equals(name, packageName, StringComparison.OrdinalIgnoreCase))
        {
            document.Dispose();
            throw new TargetException($"the registry answered for '{EntryNames.Printable(name)}' when asked for {packageName}");
        }

        return document;
    }

    private static List<NpmDependency> OptionalDependencies(JsonElement manifest)
    {
        if (!manifest.TryGetProperty("optionalDependencies", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var dependencies = new List<NpmDependency>();
        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.String && NpmDependency.Parse(entry.Name, entry.Value.GetString()!) is { } dependency)
            {
                // A key written twice counts once, with its last value, as JSON.parse in npm reads it.
                dependencies.RemoveAll(d => d.Alias == dependency.Alias);
                dependencies.Add(dependency);
            }
        }

        return dependencies;
    }

    /// <summary>Versions become cache file names, so only plain characters and no "..".</summary>
    private static bool IsSafeVersion(string version) =>
        SafeVersion().IsMatch(version) && !version.Contains("..", StringComparison.Ordinal);

    private static string DistTag(JsonElement root, NpmPackageSpec spec)
    {
        var tag = spec.Tag ?? NpmPackageSpec.DefaultTag;
        if (root.TryGetProperty("dist-tags", out var tags) && tags.ValueKind == JsonValueKind.Object
            && tags.TryGetProperty(tag, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        throw new TargetException($"{spec.Name} has no dist-tag '{tag}'");
    }

    private static string? StringOrNull(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The packument's bytes, or null on 404.</summary>
    private async Task<byte[]?> FetchPackumentAsync(Uri url, string packageName, string accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        Authorise(request, url);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        EnsureSuccess(response, url);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await CopyBoundedAsync(stream, buffer, Options.MaxPackumentBytes, null, $"the packument for {packageName}", cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    private async Task<byte[]> DownloadToAsync(Uri tarball, string destination, IntegrityCheck check, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, tarball);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.1));
        Authorise(request, tarball);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new TargetException($"tarball not found: {tarball} (404)");
        }

        EnsureSuccess(response, tarball);
        if (response.Content.Headers.ContentLength > Options.MaxTarballBytes)
        {
            throw new TargetException($"tarball {tarball} is {response.Content.Headers.ContentLength} bytes, over the {Options.MaxTarballBytes}-byte limit");
        }

        using var hash = check.CreateHash();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var file = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await CopyBoundedAsync(body, file, Options.MaxTarballBytes, hash, $"tarball {tarball}", cancellationToken).ConfigureAwait(false);
            }
        }

        return hash.GetHashAndReset();
    }

    private static async Task CopyBoundedAsync(Stream source, Stream destination, long limit, System.Security.Cryptography.IncrementalHash? hash, string what, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new TargetException($"{what} is over the {limit}-byte limit");
            }

            hash?.AppendData(buffer.AsSpan(0, read));
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    private void Authorise(HttpRequestMessage request, Uri url)
    {
        if (Config.AuthTokenFor(url) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static void EnsureSuccess(HttpResponseMessage response, Uri url)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return;
        }

        var message = $"{url.Host} answered {status} {response.ReasonPhrase}".TrimEnd();
        if (status is 408 or 429 or >= 500)
        {
            throw new TransientFailureException(message);
        }

        throw new TargetException(status is 401 or 403 ? $"{message}; check the npm auth token for {url.Host}" : message);
    }

    private async Task<T> WithRetriesAsync<T>(string what, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var attempts = Math.Max(1, Options.MaxAttempts);
        for (var number = 1; ; number++)
        {
            string reason;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(Options.AttemptTimeout);
                try
                {
                    return await attempt(timeout.Token).ConfigureAwait(false);
                }
                catch (TransientFailureException ex)
                {
                    reason = ex.Message;
                }
                catch (HttpRequestException ex)
                {
                    reason = EntryNames.OneLine(ex.Message);
                }
                catch (IOException ex)
                {
                    reason = EntryNames.OneLine(ex.Message);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    reason = $"no answer within {Options.AttemptTimeout.TotalSeconds:0.#} s";
                }
            }

            if (number >= attempts)
            {
                throw new TargetException($"{what} failed after {number} attempt{(number == 1 ? "" : "s")}: {reason}");
            }

            var delay = Math.Min(Options.RetryDelay.TotalMilliseconds * Math.Pow(2, number - 1), Options.MaxRetryDelay.TotalMilliseconds);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, delay)), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string TemporaryBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless; it is never read as a cache entry.
        }
    }

    [GeneratedRegex(@"^[0-9A-Za-z][0-9A-Za-z.+_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeVersion();

    /// <summary>A failure worth another try: a timeout, 408, 429 or 5xx.</summary>
    private sealed class TransientFailureException(string message) : Exception(message);
}
