using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Telltale.Tests.Commands;

/// <summary>
/// An npm registry on loopback, for running the CLI against: packuments and tarballs from memory, every request
/// counted. The CLI finds it through a scoped registry (<c>@scope:registry=…</c>) in a user config named by
/// <c>npm_config_userconfig</c>, which keeps the user's own lines, so only that scope's packages come from here
/// while the variable is set.
/// </summary>
internal sealed class LocalNpmRegistry : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, JsonObject> _packuments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _tarballs = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private readonly string _config;
    private readonly string? _previousUserConfig;

    public LocalNpmRegistry(string scope, string folder)
    {
        Url = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        _previousUserConfig = Environment.GetEnvironmentVariable("npm_config_userconfig");
        var existing = _previousUserConfig ?? (string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".npmrc"));
        var own = existing is not null && File.Exists(existing) ? File.ReadAllText(existing) + "\n" : "";
        _config = Path.Combine(folder, "npmrc");
        File.WriteAllText(_config, $"{own}{scope}:registry={Url.AbsoluteUri}\n");
        Environment.SetEnvironmentVariable("npm_config_userconfig", _config);
    }

    public Uri Url { get; }

    public List<string> Requests { get; } = [];

    public int TarballRequests()
    {
        lock (Requests)
        {
            return Requests.Count(r => r.EndsWith(".tgz", StringComparison.Ordinal));
        }
    }

    /// <summary>Publishes a package whose <c>index.js</c> holds <paramref name="code"/>, with the manifest fields given.</summary>
    public void Publish(string name, string version, string code, JsonObject? fields = null)
    {
        var tarball = Tarball(name, version, code);
        var file = $"{name.Replace('/', '+')}-{version}.tgz";
        _tarballs["/tarballs/" + file] = tarball;
        var key = "/" + name.Replace("/", "%2f", StringComparison.Ordinal);
        if (!_packuments.TryGetValue(key, out var packument))
        {
            packument = new JsonObject { ["name"] = name, ["dist-tags"] = new JsonObject(), ["versions"] = new JsonObject() };
            _packuments[key] = packument;
        }

        var manifest = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["dist"] = new JsonObject
            {
                ["tarball"] = new Uri(Url, "tarballs/" + file).AbsoluteUri,
                ["integrity"] = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)),
            },
        };
        foreach (var (field, value) in fields?.ToList() ?? [])
        {
            fields!.Remove(field);
            manifest[field] = value;
        }

        packument["versions"]![version] = manifest;
        packument["dist-tags"]!["latest"] = version;
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("npm_config_userconfig", _previousUserConfig);
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static byte[] Tarball(string name, string version, string code)
    {
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (path, text) in new[] { ("package/package.json", $$"""{"name":"{{name}}","version":"{{version}}"}"""), ("package/index.js", code) })
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        return gzipped.ToArray();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.RawUrl ?? "/";
            lock (Requests)
            {
                Requests.Add(path);
            }

            byte[]? body = _tarballs.TryGetValue(path, out var tarball) ? tarball
                : _packuments.TryGetValue(path, out var packument) ? Encoding.UTF8.GetBytes(packument.ToJsonString())
                : null;
            context.Response.StatusCode = body is null ? 404 : 200;
            if (body is not null)
            {
                await context.Response.OutputStream.WriteAsync(body);
            }

            context.Response.Close();
        }
    }
}
