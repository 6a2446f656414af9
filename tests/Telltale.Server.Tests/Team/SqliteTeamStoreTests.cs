using Microsoft.Data.Sqlite;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Team;

/// <summary>
/// What every <see cref="ITeamStore"/> must do, run here on SQLite. The PostgreSQL store of the next slice derives a
/// class from this one with its own <see cref="Open"/> and runs the same tests.
/// </summary>
public abstract partial class TeamStoreContractTests : IDisposable
{
    protected static readonly AuditContext Admin = new(1, "admin", TeamRole.Admin, "POST", "/api/v1/tokens");

    protected abstract ITeamStore Open();

    public abstract void Dispose();

    [Fact]
    public void A_token_authenticates_by_its_secret_until_revoked()
    {
        using var store = Open();
        var first = store.IssueFirstAdmin("admin", AuditContext.ServerConsole("test"))!;
        var issued = store.IssueToken("ci", TeamRole.Reviewer, Admin);

        Assert.Equal(issued.Token, store.Authenticate(issued.Secret));
        Assert.Null(store.Authenticate(issued.Secret[..^1] + (issued.Secret[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(store.Authenticate("tt_short"));
        Assert.Null(store.Authenticate(""));

        Assert.Equal(TokenRevocation.Revoked, store.RevokeToken(issued.Token.Id, Admin));
        Assert.Null(store.Authenticate(issued.Secret));
        Assert.Equal(TokenRevocation.AlreadyRevoked, store.RevokeToken(issued.Token.Id, Admin));
        Assert.Equal(TokenRevocation.NotFound, store.RevokeToken(999, Admin));
        Assert.Equal(TokenRevocation.LastAdmin, store.RevokeToken(first.Token.Id, Admin));
        Assert.NotNull(store.Authenticate(first.Secret));
    }

    [Fact]
    public void The_first_admin_is_made_once_while_a_usable_admin_exists()
    {
        using var store = Open();

        Assert.NotNull(store.IssueFirstAdmin("admin", AuditContext.ServerConsole("test")));
        Assert.Null(store.IssueFirstAdmin("admin", AuditContext.ServerConsole("test")));
        Assert.Single(store.ListTokens());
    }

    [Fact]
    public void Every_write_has_its_audit_row()
    {
        using var store = Open();
        var issued = store.IssueToken("ci", TeamRole.Viewer, Admin);
        var policy = store.SavePolicy("entries: []\n", "p", 0, Admin with { Method = "PUT", Route = "/api/v1/policy" });
        var inventory = store.SaveInventory("laptop-7", "{}", 0, Admin with { Route = "/api/v1/inventories" });
        store.RevokeToken(issued.Token.Id, Admin with { Method = "DELETE" });
        store.RecordAudit(Admin with { Route = "/api/v1/scans" }, "scan:abc");

        Assert.Equal(
            ["scan:abc", $"token:{issued.Token.Id}", $"inventory:{inventory.Id}", $"policy:{policy.Version}", $"token:{issued.Token.Id}"],
            store.ListAudit(0).Select(a => a.Entity));
        Assert.All(store.ListAudit(0), a => Assert.Equal("admin", a.TokenName));
    }

    [Fact]
    public void Policy_versions_count_up_and_the_newest_is_current()
    {
        using var store = Open();
        Assert.Null(store.CurrentPolicy());
        Assert.Equal(0, store.CurrentPolicyVersion());

        store.SavePolicy("name: a\n", "a", 0, Admin);
        var second = store.SavePolicy("name: b\n", "b", 0, Admin);

        Assert.Equal(2, second.Version);
        Assert.Equal(second, store.CurrentPolicy());
        Assert.Equal(2, store.CurrentPolicyVersion());
        Assert.Equal("name: a\n", store.GetPolicy(1)!.Yaml);
        Assert.Equal([2L, 1L], store.ListPolicies(0).Select(p => p.Version));
    }

    [Fact]
    public void The_latest_inventory_of_each_host_is_found()
    {
        using var store = Open();
        store.SaveInventory("b", "{\"n\":1}", 1, Admin);
        store.SaveInventory("a", "{\"n\":2}", 2, Admin);
        store.SaveInventory("b", "{\"n\":3}", 3, Admin);

        Assert.Equal([("a", 2), ("b", 3)], store.LatestInventories().Select(i => (i.Host, i.Items)));
        Assert.Equal("{\"n\":3}", store.LatestInventory("b")!.Json);
        Assert.Null(store.LatestInventory("B"));
    }
}

public sealed class SqliteTeamStoreTests : TeamStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-team-").FullName;

    private string DatabasePath => Path.Combine(_directory, "scans.db");

    protected override ITeamStore Open() => new SqliteTeamStore(DatabasePath);

    public override void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_team_tables_share_the_result_store_without_changing_it()
    {
        using (var team = new SqliteTeamStore(DatabasePath))
        {
            team.IssueToken("ci", TeamRole.Viewer, Admin);
        }

        using var scans = new ScanStore(DatabasePath);
        Assert.Empty(scans.List());
        using var reopened = new SqliteTeamStore(DatabasePath);
        Assert.Single(reopened.ListTokens());
    }

    [Fact]
    public void A_file_from_a_newer_telltale_is_refused()
    {
        using (new SqliteTeamStore(DatabasePath))
        {
        }

        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE team_schema SET version = 99;";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<StoreException>(() => new SqliteTeamStore(DatabasePath));
        Assert.Contains("newer telltale", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_at_team_schema_1_gets_the_gateway_tables_on_opening_and_keeps_its_rows()
    {
        using (var team = new SqliteTeamStore(DatabasePath))
        {
            team.IssueToken("ci", TeamRole.Viewer, Admin);
        }

        // What a file written before the gateway tables looks like: step 1 only.
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE team_gateway_decisions; DROP TABLE team_gateway_tallies; DROP TABLE team_gateway_clients; UPDATE team_schema SET version = 1;";
            command.ExecuteNonQuery();
        }

        using var upgraded = new SqliteTeamStore(DatabasePath);
        Assert.Single(upgraded.ListTokens());
        Assert.Equal(new GatewayDecisionsSaved(1, 0), upgraded.SaveGatewayDecisions("laptop", [OneDecision()], Admin));
        using var check = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "SELECT version FROM team_schema;";
        Assert.Equal(2L, (long)version.ExecuteScalar()!);
    }

    [Fact]
    public void Another_program_s_database_is_refused_before_anything_is_written()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE theirs (x INTEGER);";
            command.ExecuteNonQuery();
        }

        Assert.Throws<StoreException>(() => new SqliteTeamStore(DatabasePath));
    }
}
