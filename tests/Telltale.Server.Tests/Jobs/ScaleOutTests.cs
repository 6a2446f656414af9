using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Telltale.Server;
using Telltale.Team;
using Telltale.Tracking.Store.Postgres;
using Xunit.Abstractions;

namespace Telltale.Tests.Jobs;

/// <summary>
/// Two real worker processes and an API node share one PostgreSQL database as <c>--db</c>, for everything: the results,
/// the watch store and (in its <c>hangfire</c> schema) the job queue. One worker is killed mid-way, and every version is
/// still scanned once.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Versions = 200;

    [Fact]
    public async Task Two_workers_on_one_PostgreSQL_queue_scan_200_versions_once_each_though_one_is_killed_midway()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("telltale-scale-").FullName;
        using var registry = new FakeNpmRegistry();
        var package = "tt-scale-" + Guid.NewGuid().ToString("N")[..10];
        var versions = Enumerable.Range(0, Versions).Select(i => string.Create(CultureInfo.InvariantCulture, $"1.{i / 50}.{i % 50}")).ToList();
        foreach (var version in versions)
        {
            // One version brings the covert channel and the next drops it: the comparisons across workers must see both.
            var code = version == "1.2.10" ? FakeNpmRegistry.CovertCode : $"module.exports = () => '{version}';\n";
            registry.Publish(package, version, code);
        }

        var cache = Path.Combine(folder, "cache");
        var admin = TelltaleServer.InitialiseAdmin(database.ConnectionString)!.Secret;
        string[] workerArguments =
        [
            "serve", "--worker", "--db", database.ConnectionString, "--registry", registry.Url.AbsoluteUri,
            "--cache-dir", cache, "--workers", "2", "--retry-delay", "1s",

            // A killed worker's job goes to the other after this; production's default is minutes.
            "--invisibility-timeout", "15s",
        ];

        // The API node only enqueues; it also makes Hangfire's schema before the workers start.
        var api = await TelltaleServer.StartAsync(new ServerOptions
        {
            Database = database.ConnectionString, ProcessJobs = false, Listen = new Uri("http://127.0.0.1:0"), ConsoleLogging = false,
            Registry = registry.Url, CacheDirectory = cache,
        });
        WorkerProcess? first = null;
        WorkerProcess? second = null;
        try
        {
            first = WorkerProcess.Start(workerArguments);
            second = WorkerProcess.Start(workerArguments);
            using var client = new HttpClient { BaseAddress = api.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var created = await client.PostAsJsonAsync("/api/v1/watches", new { package, range = ">=1.0.0", platform = "none" });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            var watchId = createdBody.RootElement.GetProperty("id").GetInt64();

            using var watches = new PostgresWatchStore(database.ConnectionString);
            string State() => WatchJobTests.Describe(watches.ListVersions(watchId)) + $"\nworker 1:\n{Tail(first.Output)}\nworker 2:\n{Tail(second.Output)}";
            await Waiting.UntilAsync(() => watches.ListVersions(watchId).Count(v => v.CompletedAt is not null) >= 30, "30 versions scanned", State);

            first.Kill();
            var lastJobAtKill = await LastJobIdAsync(database.ConnectionString);
            var completedAtKill = watches.ListVersions(watchId).Count(v => v.CompletedAt is not null);
            Assert.True(completedAtKill < Versions, "every version was scanned before the kill, which then proves nothing");

            await Waiting.UntilAsync(() => watches.ListVersions(watchId) is { Count: Versions } all && all.All(v => v.Compared), "every version scanned and compared", State,
                TimeSpan.FromMinutes(10));

            // Hangfire makes a job in one transaction and queues it in the next, so a process killed between the two leaves a
            // job that was never queued (no state; it expires, and nothing runs it). Only the killed worker can have left one,
            // and only while it was making it: every job that was queued, and every job made after the kill, must succeed.
            await Waiting.UntilAsync(async () => (await JobStatesAsync(database.ConnectionString)).All(j => j.State == "Succeeded" || IsLeftByTheKill(j)),
                "every job to reach Succeeded",
                () => string.Join(", ", JobStatesAsync(database.ConnectionString).Result.GroupBy(j => j.State).Select(g => $"{(g.Key.Length == 0 ? "(never queued)" : g.Key)}: {g.Count()}")));
            bool IsLeftByTheKill((long Id, string Method, string State, int Processings) job) =>
                job is { State: "", Processings: 0 } && job.Id <= lastJobAtKill;

            // Exactly once: one completion per version (a second job reaching the end would have counted again), no version
            // scanned afresh twice, one stored scan per version, and one recorded scan job per version, every one Succeeded.
            var done = watches.ListVersions(watchId);
            Assert.All(done, v => Assert.Equal(1, v.Runs));
            Assert.All(done, v => Assert.InRange(v.Scans, 0, 1));
            using (var scans = new PostgresScanStore(database.ConnectionString))
            {
                var stored = scans.List(package);
                Assert.Equal(Versions, stored.Count);
                Assert.Equal(versions.Order(StringComparer.Ordinal), stored.Select(s => s.Version!).Order(StringComparer.Ordinal));
            }

            // One recorded scan job per version, each Succeeded. A poll killed after making a version's job and before
            // recording it leaves one more, made before the kill, which its next attempt replaced: never queued, or run
            // and stopped at once by the replacement's record.
            var jobs = await JobStatesAsync(database.ConnectionString);
            var recorded = done.Select(v => long.Parse(v.JobId!, CultureInfo.InvariantCulture)).ToHashSet();
            Assert.Equal(Versions, recorded.Count);
            Assert.All(recorded, id => Assert.Contains(jobs, j => j is { Method: "ScanAsync", State: "Succeeded" } && j.Id == id));
            var replaced = jobs.Where(j => j.Method == "ScanAsync" && !recorded.Contains(j.Id)).ToList();
            Assert.InRange(replaced.Count, 0, 1);
            Assert.All(replaced, j => Assert.True(j.Id <= lastJobAtKill, $"scan job {j.Id} was made after the kill and is no version's"));
            Assert.InRange(jobs.Count(IsLeftByTheKill), 0, 3);
            var alerts = watches.ListAlerts(100);
            Assert.Contains(alerts, a => a is { Kind: "introduced", Version: "1.2.10" });
            Assert.Contains(alerts, a => a is { Kind: "removed", Version: "1.2.11" });
            Assert.All(alerts, a => Assert.True(a.Version is "1.2.10" or "1.2.11", $"unexpected alert: {a.Text}"));

            var takenOver = jobs.Count(j => j.Processings > 1);
            output.WriteLine($"{Versions} versions; worker 1 killed after {completedAtKill} were scanned; {takenOver} jobs were started again after the kill; "
                + $"fresh scans {done.Sum(v => v.Scans)} (a scan saved just before the kill is read back, not redone)");
            Assert.False(second.HasExited, "the surviving worker stopped: " + Tail(second.Output));
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
            await api.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Every job in Hangfire's tables: its id, its method, its state (empty when it was never queued), and how many times a
    /// worker started it.
    /// </summary>
    private static async Task<List<(long Id, string Method, string State, int Processings)>> JobStatesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""
            SELECT j.id, j.invocationdata, j.statename, (SELECT count(*) FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Processing')
            FROM hangfire.job j;
            """, connection);
        await using var reader = await query.ExecuteReaderAsync();
        var jobs = new List<(long, string, string, int)>();
        while (await reader.ReadAsync())
        {
            using var invocation = JsonDocument.Parse(reader.GetString(1));
            jobs.Add((reader.GetInt64(0), invocation.RootElement.GetProperty("Method").GetString()!, reader.IsDBNull(2) ? "" : reader.GetString(2), (int)reader.GetInt64(3)));
        }

        return jobs;
    }

    /// <summary>The newest job's id (ids only grow): a job made later has a larger one.</summary>
    private static async Task<long> LastJobIdAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM hangfire.job;", connection);
        return Convert.ToInt64(await query.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
