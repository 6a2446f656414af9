using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Tests.Reports;
using Telltale.Tracking.History;
using Telltale.Tracking.Store;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Tests.Store;

/// <summary>
/// What every <see cref="IScanStore"/> must do, whatever keeps it: <see cref="ScanStore"/>'s SQLite file (the CLI's) and
/// <see cref="PostgresScanStore"/> run the same tests. The SQLite store's own file handling is tested in Telltale.Core.Tests.
/// </summary>
public abstract class ScanStoreContractTests : IAsyncLifetime
{
    private const string Fingerprint = "f1";

    protected abstract IScanStore Open();

    /// <summary>Sets the store's recorded schema version, as a newer telltale would have left it.</summary>
    protected abstract Task SetSchemaVersionAsync(int version);

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    private static string Sha(int n) => n.ToString("x64", CultureInfo.InvariantCulture);

    private static ScanReport Report(string sha256, string name = "tool", string? version = "1.0.0", string source = "file", int minute = 41) =>
        ReportFixtures.Sample() with
        {
            Target = new ScanTarget(name, version, sha256, source),
            ScannedAt = new DateTimeOffset(2026, 11, 24, 2, minute, 0, TimeSpan.Zero),
        };

    private static string Json(ScanReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new JsonReportWriter().Write(report, text);
        return text.ToString();
    }

    [Fact]
    public void A_saved_report_reads_back_the_same_by_sha256_and_fingerprint_only()
    {
        using var store = Open();
        var report = Report(Sha(1));
        store.Save(report, Fingerprint, settings: new ScanSettings([new RulePackFile("extra.yaml", "ab12")], AnalyzeBehaviour: true));

        Assert.Equal(Json(report), Json(store.TryGet(Sha(1).ToUpperInvariant(), Fingerprint)!));
        Assert.Null(store.TryGet(Sha(1), "another fingerprint"));
        Assert.Null(store.TryGet(Sha(2), Fingerprint));
        var summary = Assert.Single(store.List());
        Assert.Equal((Sha(1), "tool", "1.0.0", report.ScannedAt), (summary.Sha256, summary.Name, summary.Version, summary.ScannedAt));
        Assert.Equal(report.Findings.Count(f => f.Severity == Severity.Critical), summary.Critical);
        Assert.Equal(new RulePackFile("extra.yaml", "ab12"), Assert.Single(summary.Settings!.RulePacks));
        Assert.True(summary.Settings.AnalyzeBehaviour);
        Assert.Equal(Json(report), Json(store.Read(summary)!));
    }

    [Fact]
    public void Saving_the_same_scan_again_keeps_one_row_with_the_later_report()
    {
        using var store = Open();
        store.Save(Report(Sha(1)), Fingerprint);
        var first = Assert.Single(store.List());
        var later = Report(Sha(1), minute: 50);
        store.Save(later, Fingerprint);

        var kept = Assert.Single(store.List());
        Assert.Equal(first.Id, kept.Id);
        Assert.Equal(later.ScannedAt, kept.ScannedAt);
        Assert.Equal(Json(later), Json(store.TryGet(Sha(1), Fingerprint)!));

        store.Save(later, "f2");
        Assert.Equal(2, store.List().Count);
    }

    [Fact]
    public void Concurrent_saves_of_the_same_scans_from_many_threads_keep_one_row_each()
    {
        using var store = Open();
        var reports = Enumerable.Range(0, 4).Select(i => Report(Sha(i), name: $"tool-{i}")).ToArray();

        Parallel.For(0, 48, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => store.Save(reports[i % reports.Length], Fingerprint));

        Assert.Equal(reports.Select(r => r.Target.Sha256).Order(StringComparer.Ordinal), store.List().Select(s => s.Sha256).Order(StringComparer.Ordinal));
        Assert.All(reports, r => Assert.Single(store.Find(r.Target.Sha256)));
    }

    [Fact]
    public void An_npm_scan_answers_for_its_version_and_platform_without_the_tarball()
    {
        using var store = Open();
        var report = Report(Sha(7), name: "left-pad", version: "1.3.0", source: TargetResolver.NpmSource);
        store.Save(report, Fingerprint, requestedPlatform: "linux-x64");

        Assert.Equal(Json(report), Json(store.TryGetNpm("left-pad", "1.3.0", "linux-x64", Fingerprint)!));
        Assert.NotNull(store.TryGetNpm("left-pad", "1.3.0", null, Fingerprint));
        Assert.Null(store.TryGetNpm("left-pad", "1.3.0", "darwin-arm64", Fingerprint));
        Assert.Null(store.TryGetNpm("left-pad", "1.3.1", "linux-x64", Fingerprint));
        Assert.Equal(["linux-x64", "none"], Assert.Single(store.Find("npm:left-pad@1.3.0")).NpmPlatforms.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void List_filters_by_name_ignoring_case_newest_first_and_limits()
    {
        using var store = Open();
        store.Save(Report(Sha(1), name: "Left-Pad", minute: 1), Fingerprint);
        store.Save(Report(Sha(2), name: "right-pad", minute: 3), Fingerprint);
        store.Save(Report(Sha(3), name: "leftover", minute: 2), Fingerprint);

        Assert.Equal([Sha(2), Sha(3), Sha(1)], store.List().Select(s => s.Sha256));
        Assert.Equal([Sha(3), Sha(1)], store.List("LEFT").Select(s => s.Sha256));
        Assert.Equal([Sha(2)], store.List(limit: 1).Select(s => s.Sha256));
        Assert.Empty(store.List("nothing"));
    }

    [Fact]
    public void Find_takes_a_prefix_of_one_artifact_and_refuses_an_ambiguous_or_malformed_key()
    {
        using var store = Open();
        var a = "abcd1" + Sha(1)[5..];
        var b = "abcd2" + Sha(2)[5..];
        store.Save(Report(a), Fingerprint);
        store.Save(Report(a), "f2");
        store.Save(Report(b), Fingerprint);

        Assert.Equal(2, store.Find("ABCD1").Count);
        Assert.Single(store.Find(b));
        Assert.Empty(store.Find("ffff"));
        Assert.Contains("matches 2 stored artifacts", Assert.Throws<StoreException>(() => store.Find("abcd")).Message, StringComparison.Ordinal);
        Assert.Throws<StoreException>(() => store.Find("abc"));
        Assert.Throws<StoreException>(() => store.Find("npm:left-pad"));
        Assert.Equal(Json(Report(a)), Json(store.Show("abcd1")!));
        Assert.Null(store.Show("ffff"));
    }

    [Fact]
    public void Timelines_are_kept_each_run_and_listed_newest_first_by_package_and_kind()
    {
        using var store = Open();
        var madeAt = new DateTimeOffset(2026, 12, 1, 9, 30, 15, TimeSpan.FromHours(1)).AddTicks(1234567);
        var first = store.SaveTimeline(new VersionTimeline("left-pad", Severity.High, [], []) { Range = "^1" }, "linux-x64", "0.7.0", madeAt);
        var second = store.SaveTimeline(new VersionTimeline("left-pad", Severity.High, [], []), null, "0.7.0", madeAt);
        store.SaveTimeline(new VersionTimeline("other", Severity.High, [], []), null, "0.7.0", madeAt);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first, store.GetTimeline(first.Id));
        Assert.Equal(StoredTimeline.HistoryKind, first.Kind);
        Assert.Equal(("^1", "linux-x64"), (first.Range, first.Platform));
        Assert.Equal(madeAt, first.MadeAt, TimeSpan.FromMilliseconds(1));
        Assert.Null(store.GetTimeline(999));
        Assert.Equal([second.Id, first.Id], store.ListTimelines("left-pad").Select(t => t.Id));
        Assert.Equal(3, store.ListTimelines(kind: StoredTimeline.HistoryKind).Count);
        Assert.Empty(store.ListTimelines(kind: StoredTimeline.BisectKind));
        Assert.Single(store.ListTimelines(limit: 1));
    }

    [Fact]
    public async Task A_store_written_by_a_newer_telltale_is_refused_in_one_line()
    {
        using (var store = Open())
        {
            store.Save(Report(Sha(1)), Fingerprint);
        }

        await SetSchemaVersionAsync(99);

        var error = Assert.Throws<StoreException>(Open);
        Assert.Contains("newer telltale", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Opening_again_keeps_what_was_saved()
    {
        using (var store = Open())
        {
            store.Save(Report(Sha(1)), Fingerprint);
        }

        using var reopened = Open();
        Assert.Single(reopened.List());
    }
}

public sealed class SqliteScanStoreContractTests : ScanStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-scans-").FullName;

    private string DatabasePath => Path.Combine(_directory, "scans.db");

    protected override IScanStore Open() => new ScanStore(DatabasePath);

    protected override Task SetSchemaVersionAsync(int version)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA user_version = {version.ToString(CultureInfo.InvariantCulture)};";
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PostgresScanStoreContractTests : ScanStoreContractTests
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("the test database is made in InitializeAsync");

    protected override IScanStore Open() => new PostgresScanStore(Database.ConnectionString);

    protected override async Task SetSchemaVersionAsync(int version)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE scan_schema SET version = @version;", connection);
        command.Parameters.AddWithValue("version", version);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public void Many_stores_opening_a_new_database_at_once_migrate_it_once()
    {
        var stores = new IScanStore[6];
        Parallel.For(0, stores.Length, i => stores[i] = Open());
        try
        {
            stores[0].Save(Report(), "f1");
            Assert.All(stores, s => Assert.Single(s.List()));
        }
        finally
        {
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }

    [Fact]
    public void The_connection_string_forms_name_the_same_database_and_a_message_never_shows_the_password()
    {
        var builder = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
        var uri = $"postgresql://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(builder.Password!)}@{builder.Host}:{builder.Port}/{builder.Database}";
        using (var byKeys = Open())
        {
            byKeys.Save(Report(), "f1");
        }

        using var byUri = new PostgresScanStore(uri);
        Assert.Single(byUri.List());
        Assert.Equal($"postgresql://{builder.Host}:{builder.Port}/{builder.Database}", byUri.Location);
        Assert.True(PostgresConnectionStrings.Recognises(uri));
        Assert.True(PostgresConnectionStrings.Recognises(Database.ConnectionString));

        var refused = Assert.Throws<StoreException>(() => new PostgresScanStore(new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Password = "wrong-secret-x" }.ConnectionString));
        Assert.Contains("password authentication failed", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-x", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void A_server_that_is_not_there_is_a_one_line_store_error()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var error = Assert.Throws<StoreException>(() => new PostgresScanStore("Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d"));

        Assert.StartsWith("cannot use the scan tables in postgresql://127.0.0.1:1/d: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_connection_string_with_an_unknown_key_is_a_store_error()
    {
        var error = Assert.Throws<StoreException>(() => new PostgresScanStore("Host=127.0.0.1;Colour=red"));

        Assert.Contains("not a usable PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }

    private static ScanReport Report() => ReportFixtures.Sample();
}
