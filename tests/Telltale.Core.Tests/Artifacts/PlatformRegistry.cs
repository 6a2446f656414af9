using System.Text.Json.Nodes;
using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

/// <summary>
/// A <see cref="FakeRegistry"/> with a client, holding an agent shaped like the real ones: a small main
/// package whose program comes in per-platform packages named in its optionalDependencies.
/// </summary>
internal sealed class PlatformRegistry : IDisposable
{
    public const string Agent = "@acme/agent";

    public static readonly byte[] MainTarball = Fixtures.TarGz(
        ("package/package.json", Fixtures.Utf8("""{"name":"@acme/agent","version":"1.0.0"}""")),
        ("package/cli.js", Fixtures.Utf8("require('./install.js')")));

    public PlatformRegistry()
    {
        Http = new HttpClient(Registry);
        Client = new NpmRegistryClient(Http, new NpmRegistryConfig(FakeRegistry.Url), new NpmRegistryClientOptions
        {
            CacheDirectory = Cache.Path,
            RetryDelay = TimeSpan.Zero,
            MaxAttempts = 3,
            AttemptTimeout = TimeSpan.FromSeconds(30),
        });
    }

    public FakeRegistry Registry { get; } = new();
    public TempDirectory Cache { get; } = new();
    public HttpClient Http { get; }
    public NpmRegistryClient Client { get; }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> PlatformTarballs = new(StringComparer.Ordinal);

    /// <summary>
    /// The tarball of a platform package: its "program" plus a manifest naming it; made once per name,
    /// since tar headers carry the time and a second one would differ.
    /// </summary>
    public static byte[] PlatformTarball(string name) => PlatformTarballs.GetOrAdd(name, n => Fixtures.TarGz(
        ("package/package.json", Fixtures.Utf8($$"""{"name":"{{n}}","version":"1.0.0"}""")),
        ("package/agent", Fixtures.Utf8($"program for {n}"))));

    /// <summary>
    /// <c>@acme/agent@1.0.0</c> with linux-x64 (glibc), linux-x64-musl, darwin-arm64 and win32-x64 packages,
    /// plus a plain optional dependency with no os or cpu.
    /// </summary>
    public void PublishAgent(Dictionary<string, string?>? linuxDist = null)
    {
        Registry.Publish(Agent, "1.0.0", MainTarball);
        Registry.Describe(Agent, "1.0.0", new JsonObject
        {
            ["optionalDependencies"] = new JsonObject
            {
                ["@acme/agent-linux-x64"] = "1.0.0",
                ["@acme/agent-linux-x64-musl"] = "1.0.0",
                ["@acme/agent-darwin-arm64"] = "1.0.0",
                ["@acme/agent-win32-x64"] = "1.0.0",
                ["plain-helper"] = "^1.0.0",
            },
        });
        PublishPlatform("@acme/agent-linux-x64", "1.0.0", ["linux"], ["x64"], ["glibc"], linuxDist);
        PublishPlatform("@acme/agent-linux-x64-musl", "1.0.0", ["linux"], ["x64"], ["musl"]);
        PublishPlatform("@acme/agent-darwin-arm64", "1.0.0", ["darwin"], ["arm64"], null);
        PublishPlatform("@acme/agent-win32-x64", "1.0.0", ["win32"], ["x64"], null);
        Registry.Publish("plain-helper", "1.2.0", Fixtures.TarGz(("package/index.js", Fixtures.Utf8("1"))));
    }

    public void PublishPlatform(string name, string version, string[]? os, string[]? cpu, string[]? libc, Dictionary<string, string?>? dist = null, params string[] tags)
    {
        Registry.Publish(name, version, PlatformTarball(name), dist, tags: tags);
        var fields = new JsonObject();
        if (os is not null)
        {
            fields["os"] = new JsonArray([.. os.Select(o => JsonValue.Create(o))]);
        }

        if (cpu is not null)
        {
            fields["cpu"] = new JsonArray([.. cpu.Select(c => JsonValue.Create(c))]);
        }

        if (libc is not null)
        {
            fields["libc"] = new JsonArray([.. libc.Select(l => JsonValue.Create(l))]);
        }

        Registry.Describe(name, version, fields);
    }

    public Task<NpmPlatformSelection> Select(string spec, string platform) =>
        Client.SelectPlatformPackagesAsync(NpmPackageSpec.Parse(spec), NpmPlatform.Parse(platform)!);

    public void Dispose()
    {
        Http.Dispose();
        Registry.Dispose();
        Cache.Dispose();
    }
}
