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
    public async Task A_database_at_team_schema_1_gets_the_gateway_tables_on_opening_and_keeps_its_rows()
    {
        using (var team = Open())
        {
            team.IssueToken("ci", TeamRole.Viewer, Admin);
        }

        // What a database written before the gateway tables looks like: step 1 only.
        await using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "DROP TABLE team_gateway_decisions; DROP TABLE team_gateway_tallies; DROP TABLE team_gateway_clients; UPDATE team_schema SET version = 1;", connection);
            await command.ExecuteNonQueryAsync();
        }

        using var upgraded = Open();
        Assert.Single(upgraded.ListTokens());
        Assert.Equal(new GatewayDecisionsSaved(1, 0), upgraded.SaveGatewayDecisions("laptop", [OneDecision()], Admin));
        await using var check = new NpgsqlConnection(Database.ConnectionString);
        await check.OpenAsync();
        await using var version = new NpgsqlCommand("SELECT version FROM team_schema;", check);
        Assert.Equal(2, Convert.ToInt32(await version.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
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
    public async Task The_first_admin_waits_for_another_server_s_uncommitted_admin_and_is_then_refused()
    {
        using var store = Open();

        var made = await WhileAnotherServerWritesAsync(
            "INSERT INTO team_tokens (name, role, secret_sha256, created_at) VALUES ('other', 'admin', '\\x00', now());",
            () => store.IssueFirstAdmin("admin", AuditContext.ServerConsole("test")));

        Assert.Null(made);
        Assert.Equal(["other"], store.ListTokens().Select(t => t.Name));
    }

    [Fact]
    public async Task Revoking_one_of_two_admins_waits_for_another_server_s_revocation_of_the_other()
    {
        using var store = Open();
        var first = store.IssueFirstAdmin("admin", AuditContext.ServerConsole("test"))!;
        var second = store.IssueToken("second", TeamRole.Admin, Admin);

        var result = await WhileAnotherServerWritesAsync(
            $"UPDATE team_tokens SET revoked_at = now() WHERE id = {first.Token.Id};",
            () => store.RevokeToken(second.Token.Id, Admin));

        Assert.Equal(TokenRevocation.LastAdmin, result);
        Assert.Equal([second.Token.Id], store.ListTokens().Where(t => !t.IsRevoked).Select(t => t.Id));
    }

    [Fact]
    public void Policies_saved_at_once_get_one_version_each()
    {
        using var store = Open();

        Parallel.For(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => store.SavePolicy($"name: p{i}\n", $"p{i}", 0, Admin));

        Assert.Equal(Enumerable.Range(1, 12).Select(v => (long)v).Reverse(), store.ListPolicies(0).Select(p => p.Version));
        Assert.Equal(12, store.ListAudit(0).Count);
    }

    /// <summary>
    /// Runs <paramref name="write"/> while another connection holds <paramref name="otherSql"/> uncommitted, and commits
    /// that only once <paramref name="write"/> has finished or is seen waiting for a lock. A store that checks without
    /// locking finishes first, on a table that does not show the other write yet; one that locks waits, then sees it.
    /// </summary>
    private async Task<T> WhileAnotherServerWritesAsync<T>(string otherSql, Func<T> write)
    {
        await using var other = new NpgsqlConnection(Database.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(otherSql, other))
        {
            await command.ExecuteNonQueryAsync();
        }

        var running = Task.Run(write);
        await using var watcher = new NpgsqlConnection(Database.ConnectionString);
        await watcher.OpenAsync();
        while (!running.IsCompleted && !await SomeoneWaitsForALockAsync(watcher))
        {
            await Task.Yield();
        }

        await transaction.CommitAsync();
        return await running;
    }

    private static async Task<bool> SomeoneWaitsForALockAsync(NpgsqlConnection watcher)
    {
        await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database());", watcher);
        return (long)(await query.ExecuteScalarAsync())! > 0;
    }
}
