using System.Text.Json.Nodes;
using Telltale.Artifacts;
using Telltale.Tests.Artifacts;

namespace Telltale.Tests.Dependencies;

/// <summary>A <see cref="FakeRegistry"/> with a client, and a shorthand to publish packages with dependency maps.</summary>
internal sealed class DependencyRegistry : IDisposable
{
    public DependencyRegistry()
    {
        Http = new HttpClient(Registry);
        Client = new NpmRegistryClient(Http, new NpmRegistryConfig(FakeRegistry.Url), new NpmRegistryClientOptions
        {
            CacheDirectory = Cache.Path,
            RetryDelay = TimeSpan.Zero,
            MaxAttempts = 1,
        });
    }

    public FakeRegistry Registry { get; } = new();
    public TempDirectory Cache { get; } = new();
    public HttpClient Http { get; }
    public NpmRegistryClient Client { get; }

    /// <summary>The tarball of a package: a manifest and <c>index.js</c> holding <paramref name="code"/>.</summary>
    public static byte[] Tarball(string name, string version, string code = "module.exports = 1;\n") => Fixtures.TarGz(
        ("package/package.json", Fixtures.Utf8($$"""{"name":"{{name}}","version":"{{version}}"}""")),
        ("package/index.js", Fixtures.Utf8(code)));

    /// <summary>
    /// Publishes <paramref name="name"/>@<paramref name="version"/> (tagged <c>latest</c> unless <paramref name="tags"/>
    /// say otherwise) with the manifest fields given, e.g. <c>{"dependencies": {"b": "^1.0.0"}}</c>.
    /// </summary>
    public void Publish(string name, string version, JsonObject? fields = null, string code = "module.exports = 1;\n", params string[] tags)
    {
        Registry.Publish(name, version, Tarball(name, version, code), tags: tags);
        if (fields is not null)
        {
            Registry.Describe(name, version, fields);
        }
    }

    /// <summary>A dependency map: <c>Map(("b", "^1.0.0"), …)</c>.</summary>
    public static JsonObject Map(params (string Name, string Range)[] entries)
    {
        var map = new JsonObject();
        foreach (var (name, range) in entries)
        {
            map[name] = range;
        }

        return map;
    }

    public void Dispose()
    {
        Http.Dispose();
        Registry.Dispose();
        Cache.Dispose();
    }
}
