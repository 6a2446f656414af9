using Microsoft.Data.Sqlite;
using Telltale.Team;

namespace Telltale.Tests.Jobs;

public sealed class SqliteWatchStoreContractTests : WatchStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-watch-store-").FullName;

    private string DatabasePath => Path.Combine(_directory, "scans.db");

    protected override IWatchStore OpenWatches() => new SqliteWatchStore(DatabasePath);

    protected override ITeamStore OpenTeam() => new SqliteTeamStore(DatabasePath);

    protected override Task SetSchemaVersionAsync(int version)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE watch_schema SET version = $version;";
        command.Parameters.AddWithValue("$version", version);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
