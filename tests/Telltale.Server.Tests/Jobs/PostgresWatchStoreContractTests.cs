using Npgsql;
using Telltale.Team;

namespace Telltale.Tests.Jobs;

public sealed class PostgresWatchStoreContractTests : WatchStoreContractTests
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("the test database is made in InitializeAsync");

    protected override IWatchStore OpenWatches() => new PostgresWatchStore(Database.ConnectionString);

    protected override ITeamStore OpenTeam() => new PostgresTeamStore(Database.ConnectionString);

    protected override async Task SetSchemaVersionAsync(int version)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE watch_schema SET version = @version;", connection);
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
        var stores = new IWatchStore[6];
        Parallel.For(0, stores.Length, i => stores[i] = OpenWatches());
        try
        {
            stores[0].AddWatch("tool", null, "none", new AuditContext(null, "ci", TeamRole.Admin, "POST", "/api/v1/watches"));
            Assert.All(stores, s => Assert.Single(s.ListWatches()));
        }
        finally
        {
            foreach (var store in stores)
            {
                store?.Dispose();
            }
        }
    }
}
