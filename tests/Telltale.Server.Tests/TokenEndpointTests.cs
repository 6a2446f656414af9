using System.Net;
using System.Net.Http.Json;
using Telltale.Team;

namespace Telltale.Tests;

public abstract class TokenEndpointTests(StoreBackend backend) : ServerTest(backend)
{
    [Fact]
    public async Task A_token_is_shown_once_listed_without_its_secret_and_works_until_revoked()
    {
        var (id, secret) = await Server.IssueAsync(TeamRole.Viewer, "ci");
        Assert.True(ApiTokenSecret.HasShape(secret));

        using var list = await Server.Admin.GetAsync("/api/v1/tokens");
        var text = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.AdminToken, text, StringComparison.Ordinal);
        var tokens = (await list.JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["admin", "ci"], tokens.Select(t => t.GetProperty("name").GetString()));
        Assert.All(tokens, t => Assert.False(t.TryGetProperty("token", out _)));

        var viewer = Server.Client(secret);
        using (var before = await viewer.GetAsync("/api/v1/scans"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoke = await Server.Admin.DeleteAsync($"/api/v1/tokens/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var after = await viewer.GetAsync("/api/v1/scans");
        Assert.Contains("unknown or revoked", await after.ProblemAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);

        using var team = Server.OpenTeamStore();
        Assert.NotNull(team.ListTokens().Single(t => t.Id == id).RevokedAt);
        Assert.Equal([$"token:{id}", $"token:{id}", "token:1"], team.ListAudit(10).Select(a => a.Entity));
    }

    [Fact]
    public async Task The_store_keeps_only_the_hash_of_a_secret()
    {
        var (_, secret) = await Server.IssueAsync(TeamRole.Reviewer);

        var text = await Server.EverythingStoredAsync();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[3..20], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_admin_token_cannot_be_revoked_but_another_admin_can_revoke_the_first()
    {
        using var last = await Server.Admin.DeleteAsync("/api/v1/tokens/1");
        Assert.Contains("last usable admin", await last.ProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);

        var (_, second) = await Server.IssueAsync(TeamRole.Admin, "second admin");
        using var revoke = await Server.Client(second).DeleteAsync("/api/v1/tokens/1");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var refused = await Server.Admin.GetAsync("/api/v1/tokens");
        await refused.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoking_an_unknown_token_is_a_404()
    {
        using var response = await Server.Admin.DeleteAsync("/api/v1/tokens/99");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"name\": \"ci\", \"role\": \"root\"}", "role must be one of machine, viewer, reviewer, admin")]
    [InlineData("{\"name\": \"ci\", \"role\": \"3\"}", "role must be one of")]
    [InlineData("{\"role\": \"viewer\"}", "give the token a name")]
    [InlineData("{\"name\": \"\", \"role\": \"viewer\"}", "1 to 100 characters")]
    [InlineData("{\"name\": \"ci\\u001b[31m\", \"role\": \"viewer\"}", "control characters")]
    [InlineData("{\"name\": ", "not valid JSON")]
    public async Task A_bad_token_request_is_a_400(string body, string expected)
    {
        using var response = await Server.Admin.PostAsync("/api/v1/tokens", Fixtures.Json(body));

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var team = Server.OpenTeamStore();
        Assert.Single(team.ListTokens());
    }

    [Fact]
    public async Task The_audit_log_pages_newest_first()
    {
        await Server.IssueAsync(TeamRole.Viewer, "a");
        await Server.IssueAsync(TeamRole.Viewer, "b");

        using var page = await Server.Admin.GetAsync("/api/v1/audit?limit=2");
        var entries = (await page.JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["token:3", "token:2"], entries.Select(e => e.GetProperty("entity").GetString()));
        Assert.All(entries, e => Assert.Equal("admin", e.GetProperty("tokenName").GetString()));

        using var next = await Server.Admin.GetAsync($"/api/v1/audit?limit=2&before={entries[1].GetProperty("id").GetInt64()}");
        var older = Assert.Single((await next.JsonAsync()).EnumerateArray());
        Assert.Equal("server console", older.GetProperty("tokenName").GetString());
        Assert.Equal("CLI", older.GetProperty("method").GetString());
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteTokenEndpointTests() : TokenEndpointTests(StoreBackend.Sqlite);

/// <summary>The tests above on a PostgreSQL database.</summary>
public sealed class PostgresTokenEndpointTests() : TokenEndpointTests(StoreBackend.Postgres);
