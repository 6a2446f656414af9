using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Telltale.Tests.Jobs;

/// <summary>
/// An npm registry on 127.0.0.1 for the watch jobs (the server takes its URL with <c>--registry</c>): packuments and small
/// generated tarballs from memory, each request handled on its own task so several workers download at once. Tarballs of
/// versions behind <see cref="Hold"/> are not answered until <see cref="Release"/>, which lets a test stop a server with
/// a scan in flight.
/// </summary>
internal sealed class FakeNpmRegistry : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, JsonObject> _packuments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _tarballs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly Task _loop;
    private int _heldRequests;

    public FakeNpmRegistry()
    {
        Url = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>Requests for a held tarball that arrived and wait for <see cref="Release"/>.</summary>
    public int HeldRequests => Volatile.Read(ref _heldRequests);

    /// <summary>A covert channel the scanner reports as critical.</summary>
    public static string CovertCode => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "timezone-base64-apostrophe.js"));

    /// <summary>Publishes <paramref name="name"/>@<paramref name="version"/> whose <c>index.js</c> holds <paramref name="code"/>.</summary>
    public void Publish(string name, string version, string code)
    {
        var tarball = Tarball(name, version, code);
        var file = $"{name}-{version}.tgz";
        lock (_gate)
        {
            _tarballs["/tarballs/" + file] = tarball;
            if (!_packuments.TryGetValue("/" + name, out var packument))
            {
                packument = new JsonObject { ["name"] = name, ["dist-tags"] = new JsonObject(), ["versions"] = new JsonObject(), ["time"] = new JsonObject() };
                _packuments["/" + name] = packument;
            }

            packument["versions"]![version] = new JsonObject
            {
                ["name"] = name,
                ["version"] = version,
                ["dist"] = new JsonObject
                {
                    ["tarball"] = new Uri(Url, "tarballs/" + file).AbsoluteUri,
                    ["integrity"] = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)),
                },
            };
            packument["time"]![version] = "2026-01-01T00:00:00.000Z";
            packument["dist-tags"]!["latest"] = version;
        }
    }

    /// <summary>Tarball requests for these versions wait until <see cref="Release"/>.</summary>
    public void Hold(string name, IEnumerable<string> versions)
    {
        lock (_gate)
        {
            foreach (var version in versions)
            {
                _held.Add($"/tarballs/{name}-{version}.tgz");
            }
        }
    }

    public void Release() => _released.TrySetResult();

    /// <summary>The tarball of this version answers 404 from now on, though the packument still lists it.</summary>
    public void Break(string name, string version)
    {
        lock (_gate)
        {
            _tarballs.Remove($"/tarballs/{name}-{version}.tgz");
        }
    }

    public void Dispose()
    {
        Release();
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
            foreach (var (path, text) in new[] { ("package/package.json", $$"""{"name":"{{name}}","version":"{{version}}","main":"index.js"}"""), ("package/index.js", code) })
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

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var path = context.Request.RawUrl ?? "/";
            byte[]? body;
            bool held;
            lock (_gate)
            {
                held = _held.Contains(path);
                body = _tarballs.TryGetValue(path, out var tarball) ? tarball
                    : _packuments.TryGetValue(path, out var packument) ? Encoding.UTF8.GetBytes(packument.ToJsonString())
                    : null;
            }

            if (held)
            {
                Interlocked.Increment(ref _heldRequests);
                await _released.Task;
            }

            context.Response.StatusCode = body is null ? 404 : 200;
            if (body is not null)
            {
                await context.Response.OutputStream.WriteAsync(body);
            }

            context.Response.Close();
        }
        catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away (a worker stopped or was killed mid-download).
        }
    }
}
