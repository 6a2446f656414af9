using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Telltale.Server;
using Telltale.Team;
using Telltale.Tests.Tracking.Watching;

namespace Telltale.Tests.Jobs;

/// <summary>
/// One <c>telltale serve</c> node on SQLite with its watch jobs, a fake registry and a webhook receiver, all on loopback,
/// in a temporary folder; it can be stopped and started again on the same files, as a restart would.
/// </summary>
internal sealed class WatchNode : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-watch-").FullName;
    private readonly List<HttpClient> _clients = [];
    private readonly Func<ServerOptions, ServerOptions>? _configure;
    private RunningServer? _server;

    private WatchNode(Func<ServerOptions, ServerOptions>? configure)
    {
        _configure = configure;
    }

    public FakeNpmRegistry Registry { get; } = new();

    public WebhookReceiver Webhook { get; } = new();

    public string DatabasePath => Path.Combine(_folder, "scans.db");

    public string AlertsPath => Path.Combine(_folder, "alerts", "alerts.jsonl");

    public string AdminToken { get; private set; } = "";

    public RunningServer Server => _server ?? throw new InvalidOperationException("the node is stopped");

    public ServerOptions Options
    {
        get
        {
            var options = new ServerOptions
            {
                Database = DatabasePath,
                Listen = new Uri("http://127.0.0.1:0"),
                ConsoleLogging = false,
                Registry = Registry.Url,
                CacheDirectory = Path.Combine(_folder, "cache"),
                AlertsJsonlPath = AlertsPath,
                WebhookUrl = Webhook.Url,
                ScanRetries = 1,
                RetryDelay = TimeSpan.FromSeconds(1),
                JobGracePeriod = TimeSpan.FromSeconds(1),

                // Polls run when a test makes a watch or calls one, never because a quarter-hour came round mid-test.
                PollInterval = Timeout.InfiniteTimeSpan,
            };
            return _configure?.Invoke(options) ?? options;
        }
    }

    public static async Task<WatchNode> StartAsync(Func<ServerOptions, ServerOptions>? configure = null)
    {
        var node = new WatchNode(configure);
        try
        {
            node.AdminToken = TelltaleServer.InitialiseAdmin(node.DatabasePath)!.Secret;
            await node.StartServerAsync();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    public async Task StartServerAsync() => _server = await TelltaleServer.StartAsync(Options);

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(client);
        return client;
    }

    public async Task<string> TokenAsync(TeamRole role)
    {
        using var response = await Client(AdminToken).PostAsJsonAsync("/api/v1/tokens", new { name = TeamRoleNames.Name(role) + " token", role = TeamRoleNames.Name(role) });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>Adds a watch through the API as a reviewer; its id.</summary>
    public async Task<long> WatchAsync(string package, string? range)
    {
        var reviewer = Client(await TokenAsync(TeamRole.Reviewer));
        using var response = await reviewer.PostAsJsonAsync("/api/v1/watches", new { package, range, platform = "none" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt64();
    }

    public SqliteWatchStore OpenWatchStore() => new SqliteWatchStore(DatabasePath);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await StopServerAsync();
        Registry.Dispose();
        Webhook.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
