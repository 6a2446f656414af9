using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telltale.Artifacts;

namespace Telltale.Tests.Tracking;

/// <summary>
/// An npm registry serving full packuments with their <c>time</c> map (which the abbreviated packument lacks),
/// as an HttpMessageHandler; scripted failures per request.
/// </summary>
internal sealed class TimedRegistry : HttpMessageHandler
{
    public static readonly Uri Url = new("https://registry.test/");

    private readonly Dictionary<string, JsonObject> _packuments = new(StringComparer.Ordinal);

    public List<HttpRequestMessage> Requests { get; } = [];

    /// <summary>Statuses answered to the next requests, before serving normally again.</summary>
    public Queue<HttpStatusCode> Failures { get; } = new();

    public static NpmRegistryClient Client(HttpMessageHandler handler, string cacheDirectory) =>
        new(new HttpClient(handler), new NpmRegistryConfig(Url), new NpmRegistryClientOptions
        {
            CacheDirectory = cacheDirectory,
            RetryDelay = TimeSpan.Zero,
            MaxAttempts = 3,
            AttemptTimeout = TimeSpan.FromSeconds(30),
        });

    public void Publish(string name, string version, DateTimeOffset? at = null, string? deprecated = null)
    {
        var packument = Packument(name);
        var manifest = new JsonObject { ["name"] = name, ["version"] = version };
        if (deprecated is not null)
        {
            manifest["deprecated"] = deprecated;
        }

        packument["versions"]![version] = manifest;
        if (at is { } date)
        {
            packument["time"]![version] = date.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (NpmRegistryClient.IsRelease(version))
        {
            packument["dist-tags"]!["latest"] = version;
        }
    }

    /// <summary>Takes a version out of <c>versions</c> and leaves its date in <c>time</c>, as npm unpublish does.</summary>
    public void Unpublish(string name, string version) => Packument(name)["versions"]!.AsObject().Remove(version);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
            if (Failures.Count > 0)
            {
                return Task.FromResult(new HttpResponseMessage(Failures.Dequeue()));
            }
        }

        var key = request.RequestUri!.OriginalString[Url.AbsoluteUri.Length..];
        return Task.FromResult(_packuments.TryGetValue(key, out var packument)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(packument.ToJsonString(JsonSerializerOptions.Default)) }
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    private JsonObject Packument(string name)
    {
        var key = name.Replace("/", "%2f", StringComparison.Ordinal);
        if (!_packuments.TryGetValue(key, out var packument))
        {
            packument = new JsonObject
            {
                ["name"] = name,
                ["dist-tags"] = new JsonObject(),
                ["versions"] = new JsonObject(),
                ["time"] = new JsonObject { ["created"] = "2020-01-01T00:00:00.000Z", ["modified"] = "2026-11-01T00:00:00.000Z" },
            };
            _packuments[key] = packument;
        }

        return packument;
    }
}
