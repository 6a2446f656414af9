using Npgsql;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Team;

/// <summary>The team store contract on PostgreSQL, each test in a database of its own, and what only a shared database has to settle: several writers at once.</summary>
public sealed class PostgresTeamStoreTests : TeamStoreContractTests, IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("the test database is made in InitializeAsync");

    protected override ITeamStore Open() => new PostgresTeamStore(Database.ConnectionString);

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    // The database is dropped in DisposeAsync, which xunit awaits as well.
    public override void Dispose()
    {
    }

    [Fact]
    public async Task A_database_from_a_newer_telltale_is_refused_in_one_line()
    {
        using (Open())
        {
        }

        await using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE team_schema SET version = 99;", connection);
            await command.ExecuteNonQueryAsync();
        }

        var error = Assert.Throws<StoreException>(Open);
        Assert.Contains("newer telltale", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_team_tables_and_the_scan_tables_share_a_database_with_their_own_versions()
    {
        using (var team = Open())
        {
            team.IssueToken("ci", TeamRole.Viewer, Admin);
        }

        using var scans = new Telltale.Tracking.Store.Postgres.PostgresScanStore(Database.ConnectionString);
        Assert.Empty(scans.List());
        using var reopened = Open();
        Assert.Single(reopened.ListTokens());
    }

    [Fact]
    public void Many_servers_making_the_first_admin_at_once_make_one()
    {
        using var store = Open();

        var made = new IssuedToken?[8];
        Parallel.For(0, made.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            using var server = Open();
            made[i] = server.IssueFirstAdmin("admin", AuditContext.ServerConsole("test"));
        });

        Assert.Single(made, m => m is not null);
        Assert.Single(store.ListTokens());
        Assert.Single(store.ListAudit(0));
    }

    [Fact]
    public void Policies_saved_at_once_get_one_version_each()
    {
        using var store = Open();

        Parallel.For(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => store.SavePolicy($"name: p{i}\n", $"p{i}", 0, Admin));

        Assert.Equal(Enumerable.Range(1, 12).Select(v => (long)v).Reverse(), store.ListPolicies(0).Select(p => p.Version));
        Assert.Equal(12, store.ListAudit(0).Count);
    }

    [Fact]
    public void Two_admins_revoking_each_other_at_once_leave_one()
    {
        using var store = Open();
        var first = store.IssueFirstAdmin("admin", AuditContext.ServerConsole("test"))!;
        var second = store.IssueToken("second", TeamRole.Admin, Admin);

        var results = new TokenRevocation[2];
        Parallel.Invoke(
            () => results[0] = store.RevokeToken(first.Token.Id, Admin),
            () => results[1] = store.RevokeToken(second.Token.Id, Admin));

        Assert.Equal([TokenRevocation.Revoked, TokenRevocation.LastAdmin], results.OrderBy(r => r == TokenRevocation.LastAdmin));
        Assert.Single(store.ListTokens(), t => !t.IsRevoked);
    }
}
