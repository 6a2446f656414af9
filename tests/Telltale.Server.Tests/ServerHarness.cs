using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Telltale.Server;
using Telltale.Team;
using Telltale.Tracking.Store;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Tests;

/// <summary>
/// A real server on 127.0.0.1 with a free port and a store of its own (a file in a temporary folder, or a fresh PostgreSQL
/// database), with the first admin token made as <c>serve --init</c> makes it. Each test class gets its own (xunit makes
/// one per test), so no test sees another's writes.
/// </summary>
public sealed class ServerHarness : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-server-").FullName;
    private readonly List<HttpClient> _clients = [];
    private PostgresTestDatabase? _postgres;
    private RunningServer? _server;

    public ServerHarness(StoreBackend backend = StoreBackend.Sqlite, long? maxReportBytes = null)
    {
        Backend = backend;
        MaxReportBytes = maxReportBytes;
    }

    public StoreBackend Backend { get; }

    public long? MaxReportBytes { get; }

    public string DatabasePath => Path.Combine(_directory, "scans.db");

    /// <summary>What <c>serve --db</c> was given: <see cref="DatabasePath"/>, or the test database's connection string.</summary>
    public string Database => _postgres?.ConnectionString ?? DatabasePath;

    /// <summary>The secret of the admin token <c>serve --init</c> made.</summary>
    public string AdminToken { get; private set; } = "";

    public Uri BaseAddress => _server!.BaseAddress;

    public async Task InitializeAsync()
    {
        if (Backend == StoreBackend.Postgres)
        {
            _postgres = await PostgresTestDatabase.CreateAsync();
        }

        AdminToken = TelltaleServer.InitialiseAdmin(Database)!.Secret;
        // The API alone: jobs are enqueued but not run here (the tests under Jobs/ run them), which keeps each start and stop quick.
        var options = new ServerOptions { Database = Database, Listen = new Uri("http://127.0.0.1:0"), ConsoleLogging = false, ProcessJobs = false };
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

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
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

    /// <summary>A second connection to the store, to check what the server wrote (or did not) from outside it.</summary>
    public ITeamStore OpenTeamStore() => _postgres is null ? new SqliteTeamStore(DatabasePath) : new PostgresTeamStore(_postgres.ConnectionString);

    public IWatchStore OpenWatchStore() => _postgres is null ? new SqliteWatchStore(DatabasePath) : new PostgresWatchStore(_postgres.ConnectionString);

    public IScanStore OpenScanStore() => _postgres is null ? new ScanStore(DatabasePath) : new PostgresScanStore(_postgres.ConnectionString);

    /// <summary>
    /// Everything the store holds as text, to look for what must never be kept: the file and its WAL as bytes, or every
    /// row of every table of the test database.
    /// </summary>
    public async Task<string> EverythingStoredAsync()
    {
        if (_postgres is null)
        {
            var wal = DatabasePath + "-wal";
            var bytes = (await ReadSharedAsync(DatabasePath)).Concat(File.Exists(wal) ? await ReadSharedAsync(wal) : []).ToArray();
            return Encoding.Latin1.GetString(bytes);
        }

        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public';", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(tables);
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t;", connection);
            text.AppendLine((string)(await rows.ExecuteScalarAsync())!);
        }

        return text.ToString();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
