using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Server;
using Telltale.Team;
using Telltale.Tracking.Store;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Tests.Server;

/// <summary>
/// No acknowledged write is lost: twenty clients post reports to a <c>telltale serve</c> process, which is killed with
/// SIGKILL in the middle of it; after a restart every report the server answered 2xx for is there, on a SQLite file and on
/// PostgreSQL.
/// </summary>
public sealed class AcknowledgedWriteTests : IDisposable
{
    private const int Clients = 20;

    /// <summary>Enough answered posts that the kill lands among writes in flight, not before the first or after the last.</summary>
    private const int AcknowledgedBeforeKill = 200;

    /// <summary>Each client's bound: the loop ends by itself even if the kill never came.</summary>
    private const int MaxPostsPerClient = 500;

    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-durable-").FullName;

    private string Database => Path.Combine(_folder, "scans.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public Task On_sqlite_every_report_answered_2xx_is_there_after_kill_9_and_restart() =>
        KillAndRestartAsync(Database, () => new SqliteTeamStore(Database), () => new ScanStore(Database));

    [Fact]
    public async Task On_postgresql_every_report_answered_2xx_is_there_after_kill_9_and_restart()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await KillAndRestartAsync(database.ConnectionString, () => new PostgresTeamStore(database.ConnectionString), () => new PostgresScanStore(database.ConnectionString));
    }

    private static async Task KillAndRestartAsync(string database, Func<ITeamStore> openTeam, Func<IScanStore> openScans)
    {
        TelltaleServer.InitialiseAdmin(database);
        string token;
        using (var team = openTeam())
        {
            token = team.IssueToken("uploader", TeamRole.Reviewer, AuditContext.ServerConsole("test")).Secret;
        }

        var acknowledged = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        using (var server = await ServeProcess.StartAsync("--db", database))
        {
            using var kill = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                for (var i = 0; i < MaxPostsPerClient && !kill.IsCancellationRequested; i++)
                {
                    var sha256 = Sha256Of(client, i);
                    try
                    {
                        using var response = await http.PostAsync("api/v1/scans", new StringContent(Report(sha256), Encoding.UTF8, "application/json"));
                        if (response.IsSuccessStatusCode)
                        {
                            acknowledged.Add(sha256);
                            if (acknowledged.Count >= AcknowledgedBeforeKill)
                            {
                                await kill.CancelAsync();
                            }
                        }
                        else
                        {
                            refused.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // The server is gone: whatever was in flight was never acknowledged, so it owes nothing.
                        return;
                    }
                }
            })).ToList();

            // Killed while the clients are still posting: they are not waited for first.
            await Task.WhenAny(Task.WhenAll(clients), Task.Delay(Timeout.Infinite, kill.Token).ContinueWith(_ => { }, TaskScheduler.Default));
            server.KillHard();
            await Task.WhenAll(clients);
            Assert.True(refused.IsEmpty, string.Join('\n', refused.Take(3)));
            Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"only {acknowledged.Count} posts were answered before the clients stopped:\n{server.Output}");
        }

        // The restart opens the file after the kill, as an operator would; every acknowledged report reads back whole.
        using var restarted = await ServeProcess.StartAsync("--db", database);
        using var reader = new HttpClient { BaseAddress = restarted.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var sha256 in acknowledged)
        {
            using var response = await reader.GetAsync($"api/v1/scans/{sha256}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"acknowledged {sha256} is lost: {(int)response.StatusCode}");
        }

        using var store = openScans();
        Assert.True(store.List().Count >= acknowledged.Count);
    }

    private static string Sha256Of(int client, int post) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{client}/{post}")));

    private static string Report(string sha256)
    {
        var sample = Reports.ReportFixtures.Sample();
        var report = sample with { Target = sample.Target with { Sha256 = sha256, Name = "durable-" + sha256[..8] } };
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new JsonReportWriter().Write(report, text);
        return text.ToString();
    }
}
