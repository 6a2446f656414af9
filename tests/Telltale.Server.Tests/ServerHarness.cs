using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Telltale.Server;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Tests;

/// <summary>
/// A real server on 127.0.0.1 with a free port and a store in a temporary folder, with the first admin token made as
/// <c>serve --init</c> makes it. Each test class gets its own (xunit makes one per test), so no test sees another's writes.
/// </summary>
public sealed class ServerHarness : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-server-").FullName;
    private readonly List<HttpClient> _clients = [];
    private RunningServer? _server;

    public ServerHarness(long? maxReportBytes = null)
    {
        MaxReportBytes = maxReportBytes;
    }

    public long? MaxReportBytes { get; }

    public string DatabasePath => Path.Combine(_directory, "scans.db");

    /// <summary>The secret of the admin token <c>serve --init</c> made.</summary>
    public string AdminToken { get; private set; } = "";

    public Uri BaseAddress => _server!.BaseAddress;

    public async Task InitializeAsync()
    {
        AdminToken = TelltaleServer.InitialiseAdmin(DatabasePath)!.Secret;
        // The API alone: jobs are enqueued but not run here (the tests under Jobs/ run them), which keeps each start and stop quick.
        var options = new ServerOptions { DatabasePath = DatabasePath, Listen = new Uri("http://127.0.0.1:0"), ConsoleLogging = false, ProcessJobs = false };
        if (MaxReportBytes is { } limit)
        {
            options = options with { MaxReportBytes = limit };
        }

        _server = await TelltaleServer.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A client sending <paramref name="token"/> as its bearer token; none when null.</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(client);
        return client;
    }

    public HttpClient Admin => Client(AdminToken);

    /// <summary>Makes a token through the API, as an admin would.</summary>
    public async Task<(long Id, string Secret)> IssueAsync(TeamRole role, string? name = null)
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/tokens", new { name = name ?? TeamRoleNames.Name(role) + " token", role = TeamRoleNames.Name(role) });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("id").GetInt64(), body.RootElement.GetProperty("token").GetString()!);
    }

    public async Task<string> TokenAsync(TeamRole role) => (await IssueAsync(role)).Secret;

    /// <summary>A second connection to the file, to check what the server wrote (or did not) from outside it.</summary>
    public SqliteTeamStore OpenTeamStore() => new(DatabasePath);

    public ScanStore OpenScanStore() => new(DatabasePath);
}
