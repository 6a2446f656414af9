using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telltale.Tests.Artifacts;

/// <summary>
/// An npm registry as an HttpMessageHandler: packuments and tarballs from memory, every request
/// logged, and failures scripted per URL.
/// </summary>
internal sealed class FakeRegistry : HttpMessageHandler
{
    public const string Host = "registry.test";
    public static readonly Uri Url = new($"https://{Host}/");

    private readonly Dictionary<string, JsonObject> _packuments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _tarballs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>>> _scripted = new(StringComparer.Ordinal);

    public List<HttpRequestMessage> Requests { get; } = [];

    public static string Sri512(byte[] data) => "sha512-" + Convert.ToBase64String(SHA512.HashData(data));

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "npm's legacy dist.shasum is sha1; the fake registry must produce it.")]
    public static string Sri1(byte[] data) => "sha1-" + Convert.ToBase64String(SHA1.HashData(data));

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "npm's legacy dist.shasum is sha1; the fake registry must produce it.")]
    public static string Shasum(byte[] data) => Convert.ToHexStringLower(SHA1.HashData(data));

    /// <summary>Publishes one version; <paramref name="dist"/> overrides the dist fields (null removes one).</summary>
    public Uri Publish(string name, string version, byte[] tarball, Dictionary<string, string?>? dist = null, string? tarballHost = null, params string[] tags)
    {
        var escaped = name.Replace("/", "%2f", StringComparison.Ordinal);
        var tarballUrl = new Uri($"https://{tarballHost ?? Host}/{name}/-/{name.Split('/')[^1]}-{version}.tgz");
        _tarballs[tarballUrl.AbsoluteUri] = tarball;

        var distObject = new JsonObject { ["tarball"] = tarballUrl.AbsoluteUri, ["integrity"] = Sri512(tarball), ["shasum"] = Shasum(tarball) };
        foreach (var (key, value) in dist ?? [])
        {
            if (value is null)
            {
                distObject.Remove(key);
            }
            else
            {
                distObject[key] = value;
            }
        }

        if (!_packuments.TryGetValue(escaped, out var packument))
        {
            packument = new JsonObject { ["name"] = name, ["dist-tags"] = new JsonObject(), ["versions"] = new JsonObject() };
            _packuments[escaped] = packument;
        }

        packument["versions"]![version] = new JsonObject { ["name"] = name, ["version"] = version, ["dist"] = distObject };
        foreach (var tag in tags.Length == 0 ? ["latest"] : tags)
        {
            packument["dist-tags"]![tag] = version;
        }

        return tarballUrl;
    }

    /// <summary>
    /// Adds manifest fields to a published version, as the abbreviated packument has them:
    /// <c>os</c>, <c>cpu</c>, <c>libc</c>, <c>optionalDependencies</c>.
    /// </summary>
    public void Describe(string name, string version, JsonObject fields)
    {
        var manifest = _packuments[name.Replace("/", "%2f", StringComparison.Ordinal)]["versions"]![version]!.AsObject();
        foreach (var (key, value) in fields.ToList())
        {
            fields.Remove(key);
            manifest[key] = value;
        }
    }

    /// <summary>The tarballs that were asked for, by URL, in request order.</summary>
    public List<string> TarballRequests() =>
        Requests.Select(r => r.RequestUri!.OriginalString).Where(_tarballs.ContainsKey).ToList();

    /// <summary>The next request to <paramref name="url"/> is answered by <paramref name="responder"/> instead.</summary>
    public void Script(string url, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        if (!_scripted.TryGetValue(url, out var queue))
        {
            queue = new Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>>();
            _scripted[url] = queue;
        }

        queue.Enqueue(responder);
    }

    public void Fail(string url, HttpStatusCode status, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Script(url, (_, _) => Task.FromResult(new HttpResponseMessage(status)));
        }
    }

    public int CountRequests(string url) => Requests.Count(r => r.RequestUri!.OriginalString == url);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Platform packages are looked up concurrently, so requests can arrive together.
        var url = request.RequestUri!.OriginalString;
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? responder = null;
        lock (Requests)
        {
            Requests.Add(request);
            if (_scripted.TryGetValue(url, out var queue) && queue.Count > 0)
            {
                responder = queue.Dequeue();
            }
        }

        if (responder is not null)
        {
            return await responder(request, cancellationToken);
        }

        if (_tarballs.TryGetValue(url, out var tarball))
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(tarball) };
        }

        var key = url.StartsWith(Url.AbsoluteUri, StringComparison.Ordinal) ? url[Url.AbsoluteUri.Length..] : null;
        if (key is not null && _packuments.TryGetValue(key, out var packument))
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(packument.ToJsonString(JsonSerializerOptions.Default)) };
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }
}
