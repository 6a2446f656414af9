using System.Net;
using System.Net.Http.Headers;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>
/// Every write, and the reads above the lowest role, against every way of not being allowed: 401 without a usable token,
/// 403 with a lower role, and in every case nothing written (read back from the file by a second connection).
/// </summary>
public abstract class AuthorisationMatrixTests(StoreBackend backend) : ServerTest(backend)
{
    public enum Credential
    {
        None,
        NotBearer,
        Malformed,
        UnknownButWellShaped,
        Revoked,
        LowerRole,
    }

    public static TheoryData<string, string, string, Credential> Writes()
    {
        var data = new TheoryData<string, string, string, Credential>();
        (string Method, string Path, string Body, bool HasLowerRole)[] writes =
        [
            ("POST", "/api/v1/scans", "report", true),
            ("POST", "/api/v1/histories", "history", true),
            ("PUT", "/api/v1/policy", "policy", true),
            ("POST", "/api/v1/inventories", "inventory", false),
            ("POST", "/api/v1/tokens", "token", true),
            ("DELETE", "/api/v1/tokens/1", "", true),
            ("POST", "/api/v1/watches", "watch", true),
            ("DELETE", "/api/v1/watches/1", "", true),
            ("POST", "/api/v1/gateway/decisions", "gateway", false),
        ];
        foreach (var (method, path, body, hasLowerRole) in writes)
        {
            foreach (var credential in Enum.GetValues<Credential>())
            {
                if (credential != Credential.LowerRole || hasLowerRole)
                {
                    data.Add(method, path, body, credential);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_refused_write_is_401_or_403_and_writes_nothing(string method, string path, string body, Credential credential)
    {
        var client = await ClientAsync(credential, LowerRoleThan(path));
        var before = Snapshot();

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(body) };
        using var response = await client.SendAsync(request);

        var expected = credential == Credential.LowerRole ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
        var detail = await response.ProblemAsync(expected);
        Assert.NotEmpty(detail);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        else
        {
            Assert.Contains($"needs a {TeamRoleNames.Name(RequiredRole(path))} token", detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("/api/v1/scans", TeamRole.Machine)]
    [InlineData("/api/v1/histories", TeamRole.Machine)]
    [InlineData("/api/v1/diff?old=1111&new=2222", TeamRole.Machine)]
    [InlineData("/api/v1/machines", TeamRole.Machine)]
    [InlineData("/api/v1/policy/versions", TeamRole.Machine)]
    [InlineData("/api/v1/tokens", TeamRole.Reviewer)]
    [InlineData("/api/v1/audit", TeamRole.Reviewer)]
    [InlineData("/api/v1/watches", TeamRole.Machine)]
    [InlineData("/api/v1/watches/alerts", TeamRole.Machine)]
    [InlineData("/api/v1/gateway/decisions", TeamRole.Machine)]
    [InlineData("/api/v1/gateway/clients", TeamRole.Machine)]
    public async Task A_read_above_the_token_s_role_is_403(string path, TeamRole role)
    {
        var client = Server.Client(await Server.TokenAsync(role));

        using var response = await client.GetAsync(path);

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Each_role_may_do_what_the_roles_below_it_may()
    {
        foreach (var role in new[] { TeamRole.Machine, TeamRole.Viewer, TeamRole.Reviewer, TeamRole.Admin })
        {
            using var response = await Server.Client(await Server.TokenAsync(role)).PostAsync("/api/v1/inventories", Fixtures.Json(Fixtures.Inventory()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static TeamRole RequiredRole(string path) => path switch
    {
        "/api/v1/scans" or "/api/v1/histories" or "/api/v1/policy" or "/api/v1/watches" or "/api/v1/watches/1" => TeamRole.Reviewer,
        "/api/v1/inventories" or "/api/v1/gateway/decisions" => TeamRole.Machine,
        _ => TeamRole.Admin,
    };

    private static TeamRole LowerRoleThan(string path) => RequiredRole(path) - 1;

    private async Task<HttpClient> ClientAsync(Credential credential, TeamRole lowerRole)
    {
        switch (credential)
        {
            case Credential.None:
                return Server.Client(null);
            case Credential.NotBearer:
                var basic = Server.Client(null);
                basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:admin"u8.ToArray()));
                return basic;
            case Credential.Malformed:
                return Server.Client("not-a-token");
            case Credential.UnknownButWellShaped:
                return Server.Client(ApiTokenSecret.Generate());
            case Credential.Revoked:
                var (id, secret) = await Server.IssueAsync(TeamRole.Admin, "to revoke");
                (await Server.Admin.DeleteAsync($"/api/v1/tokens/{id}")).Dispose();
                return Server.Client(secret);
            default:
                return Server.Client(await Server.TokenAsync(lowerRole));
        }
    }

    private static StringContent? Body(string kind) => kind switch
    {
        "report" => Fixtures.Json(Fixtures.Report()),
        "history" => Fixtures.Json(Fixtures.History()),
        "policy" => Fixtures.Yaml(Fixtures.BanPolicy),
        "inventory" => Fixtures.Json(Fixtures.Inventory()),
        "token" => Fixtures.Json("{\"name\": \"intruder\", \"role\": \"admin\"}"),
        "watch" => Fixtures.Json("{\"package\": \"left-pad\", \"platform\": \"none\"}"),
        "gateway" => Fixtures.Json(GatewayDecisionLines.Batch("laptop-7", GatewayDecisionLines.Line("r1"))),
        _ => null,
    };

    /// <summary>Everything a write could change, read through a second connection to the file.</summary>
    private string Snapshot()
    {
        using var team = Server.OpenTeamStore();
        using var scans = Server.OpenScanStore();
        using var watches = Server.OpenWatchStore();
        return string.Join(" | ",
            $"scans {scans.List().Count}",
            $"histories {scans.ListTimelines().Count}",
            $"policies {team.ListPolicies(0).Count}",
            $"machines {team.LatestInventories().Count}",
            $"tokens {string.Join(",", team.ListTokens().Select(t => $"{t.Id}{(t.IsRevoked ? "r" : "")}"))}",
            $"audit {team.ListAudit(0).Count}",
            $"watches {watches.ListWatches().Count}",
            $"gateway decisions {team.ListGatewayDecisions(null, null, 0).Count}");
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteAuthorisationMatrixTests() : AuthorisationMatrixTests(StoreBackend.Sqlite);

/// <summary>The tests above on a PostgreSQL database.</summary>
public sealed class PostgresAuthorisationMatrixTests() : AuthorisationMatrixTests(StoreBackend.Postgres);
