using System.Net;
using System.Text.Json;
using Telltale.Gateway;

namespace Telltale.Tests;

/// <summary>A fake upstream, a gateway in front of it on 127.0.0.1:0 writing its decision log to a temporary file, and a client of the gateway.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    private readonly string _directory;

    private GatewayHarness(FakeUpstream upstream, RunningGateway gateway, string directory, string logPath)
    {
        Upstream = upstream;
        Gateway = gateway;
        _directory = directory;
        LogPath = logPath;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = gateway.BaseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
    }

    public FakeUpstream Upstream { get; }

    public RunningGateway Gateway { get; }

    public HttpClient Client { get; }

    public string LogPath { get; }

    public static async Task<GatewayHarness> StartAsync(GatewayMode mode, Func<GatewayOptions, GatewayOptions>? configure = null)
    {
        var upstream = await FakeUpstream.StartAsync();
        var directory = Directory.CreateTempSubdirectory("telltale-gateway-").FullName;
        var logPath = Path.Combine(directory, "decisions.jsonl");
        var options = new GatewayOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = upstream.BaseAddress,
            Mode = mode,
            DecisionLogPath = logPath,
            ConsoleLogging = false,
        };
        var gateway = await TelltaleGateway.StartAsync(configure is null ? options : configure(options));
        return new GatewayHarness(upstream, gateway, directory, logPath);
    }

    /// <summary>
    /// The decision log's lines once it has at least <paramref name="count"/>: a forwarded request's line is written after
    /// its response has gone back, so the client can get there first.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> DecisionsAsync(int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var lines = File.Exists(LogPath) ? ReadShared(LogPath) : [];
            if (lines.Length >= count)
            {
                return lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    public string LogText() => string.Join('\n', ReadShared(LogPath));

    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
