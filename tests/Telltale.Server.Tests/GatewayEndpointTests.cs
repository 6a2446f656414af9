using System.Net;
using System.Text.Json.Nodes;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>POST /api/v1/gateway/decisions and what viewers read of them (docs/server.md, "Gateway decisions").</summary>
public abstract class GatewayEndpointTests(StoreBackend backend) : ServerTest(backend)
{
    [Fact]
    public async Task A_machine_token_posts_decisions_and_a_viewer_reads_them_per_client()
    {
        var gateway = Server.Client(await Server.TokenAsync(TeamRole.Machine));
        var dated = GatewayDecisionLines.Line("r2", time: "2026-12-07T03:00:00.000Z");
        dated["dates"] = new JsonArray(new JsonObject { ["path"] = "$.system[1].text", ["form"] = "YYYY/MM/DD" });
        dated["variation"] = new JsonObject { ["client"] = "npm:@anthropic-ai/claude-code@2.1.91", ["forms"] = new JsonArray() };
        dated["mismatches"] = new JsonArray("User-Agent claims 2.1.198 but the body's cc_version is 2.1.91");
        var earlier = GatewayDecisionLines.Line("r1");
        earlier["dates"] = new JsonArray(new JsonObject { ["path"] = "$.system[1].text", ["form"] = "YYYY-MM-DD" });
        earlier["gatewayRoute"] = "anthropic";

        using var posted = await gateway.PostAsync("/api/v1/gateway/decisions", Fixtures.Json(GatewayDecisionLines.Batch("laptop-7", earlier, dated, GatewayDecisionLines.Line("r3", "blocked", "2.1.198"))));

        var saved = await posted.JsonAsync();
        Assert.Equal(3, saved.GetProperty("stored").GetInt32());
        Assert.Equal(0, saved.GetProperty("duplicates").GetInt32());
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));
        using var clientsResponse = await viewer.GetAsync("/api/v1/gateway/clients");
        var clients = (await clientsResponse.JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(2, clients.Count);
        var old = clients.Single(c => c.GetProperty("client").GetString() == "npm:@anthropic-ai/claude-code@2.1.91");
        Assert.Equal(2, old.GetProperty("requests").GetInt64());
        Assert.Equal(2, old.GetProperty("actions").GetProperty("normalised").GetInt64());
        var change = Assert.Single(old.GetProperty("changes").EnumerateArray());
        Assert.Equal("U+2019→U+0027", change.GetProperty("pair").GetString());
        Assert.Equal(2, change.GetProperty("count").GetInt64());
        Assert.Equal(["YYYY-MM-DD", "YYYY/MM/DD"], old.GetProperty("dateForms").EnumerateArray().Select(d => d.GetProperty("form").GetString()).Order(StringComparer.Ordinal));
        Assert.True(old.GetProperty("dateFormVariation").GetBoolean());
        Assert.Equal(1, old.GetProperty("mismatches").GetInt64());
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 2, 29, 26, 721, TimeSpan.Zero), old.GetProperty("firstSeen").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero), old.GetProperty("lastSeen").GetDateTimeOffset());

        using var blockedResponse = await viewer.GetAsync("/api/v1/gateway/decisions?action=blocked");
        var blocked = Assert.Single((await blockedResponse.JsonAsync()).EnumerateArray());
        Assert.Equal("r3", blocked.GetProperty("requestId").GetString());
        Assert.Equal("laptop-7", blocked.GetProperty("gateway").GetString());
        Assert.Equal("npm:@anthropic-ai/claude-code@2.1.198", blocked.GetProperty("client").GetString());
        using var ofClient = await viewer.GetAsync("/api/v1/gateway/decisions?client=" + Uri.EscapeDataString("npm:@anthropic-ai/claude-code@2.1.91"));
        var decisions = (await ofClient.JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["r2", "r1"], decisions.Select(d => d.GetProperty("requestId").GetString()));
        Assert.Equal("anthropic", decisions[1].GetProperty("decision").GetProperty("gatewayRoute").GetString());
        Assert.Equal("127.0.0.1", decisions[1].GetProperty("decision").GetProperty("client").GetProperty("address").GetString());

        using var team = Server.OpenTeamStore();
        var audit = team.ListAudit(0).Single(a => a.Entity!.StartsWith("gateway:", StringComparison.Ordinal));
        Assert.Equal("gateway:laptop-7:3", audit.Entity);
        Assert.Equal(TeamRole.Machine, audit.Role);
        Assert.Equal("/api/v1/gateway/decisions", audit.Route);
    }

    [Fact]
    public async Task A_retried_batch_counts_once_and_writes_no_second_audit_row()
    {
        var gateway = Server.Client(await Server.TokenAsync(TeamRole.Machine));
        var batch = GatewayDecisionLines.Batch("laptop-7", GatewayDecisionLines.Line("r1"), GatewayDecisionLines.Line("r2"));
        using (var first = await gateway.PostAsync("/api/v1/gateway/decisions", Fixtures.Json(batch)))
        {
            Assert.Equal(2, (await first.JsonAsync()).GetProperty("stored").GetInt32());
        }

        int auditRows;
        using (var team = Server.OpenTeamStore())
        {
            auditRows = team.ListAudit(0).Count;
        }

        using var again = await gateway.PostAsync("/api/v1/gateway/decisions", Fixtures.Json(batch));

        var saved = await again.JsonAsync();
        Assert.Equal(0, saved.GetProperty("stored").GetInt32());
        Assert.Equal(2, saved.GetProperty("duplicates").GetInt32());
        using var clients = await Server.Admin.GetAsync("/api/v1/gateway/clients");
        Assert.Equal(2, Assert.Single((await clients.JsonAsync()).EnumerateArray()).GetProperty("requests").GetInt64());
        using var store = Server.OpenTeamStore();
        Assert.Equal(auditRows, store.ListAudit(0).Count);
    }

    [Fact]
    public async Task The_body_a_gateway_logged_is_never_kept()
    {
        var gateway = Server.Client(await Server.TokenAsync(TeamRole.Machine));
        var line = GatewayDecisionLines.Line("r1");
        line["body"] = "{\"messages\":[{\"content\":\"the prompt text 5f3a9c\"}]}";

        using var posted = await gateway.PostAsync("/api/v1/gateway/decisions", Fixtures.Json(GatewayDecisionLines.Batch("laptop-7", line)));

        await posted.JsonAsync();
        using var list = await Server.Admin.GetAsync("/api/v1/gateway/decisions");
        var decision = Assert.Single((await list.JsonAsync()).EnumerateArray()).GetProperty("decision");
        Assert.False(decision.TryGetProperty("body", out _));
        Assert.Equal("r1", decision.GetProperty("requestId").GetString());
        Assert.DoesNotContain("5f3a9c", await Server.EverythingStoredAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_1001_decisions_is_refused_whole()
    {
        var gateway = Server.Client(await Server.TokenAsync(TeamRole.Machine));
        var lines = Enumerable.Range(0, 1001).Select(i => GatewayDecisionLines.Line($"r{i}")).ToArray();

        using var posted = await gateway.PostAsync("/api/v1/gateway/decisions", Fixtures.Json(GatewayDecisionLines.Batch("laptop-7", lines)));

        Assert.Contains("1001 decisions", await posted.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var team = Server.OpenTeamStore();
        Assert.Empty(team.ListGatewayDecisions(null, null, 0));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_with_one_line()
    {
        var gateway = Server.Client(await Server.TokenAsync(TeamRole.Machine));

        using var posted = await gateway.PostAsync("/api/v1/gateway/decisions", Fixtures.Json("{\"gateway\": \"laptop\", \"decisions\": [\n{\"time\": "));

        Assert.Contains("not valid JSON", await posted.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_bad_decision_refuses_the_batch_naming_its_index_with_the_client_s_text_escaped()
    {
        var gateway = Server.Client(await Server.TokenAsync(TeamRole.Machine));
        var bad = GatewayDecisionLines.Line("r3", action: "forwarded\u202Edekcolb");
        var noTime = GatewayDecisionLines.Line("r1");
        noTime.Remove("time");

        using var posted = await gateway.PostAsync("/api/v1/gateway/decisions", Fixtures.Json(GatewayDecisionLines.Batch("laptop-7", GatewayDecisionLines.Line("r1"), GatewayDecisionLines.Line("r2"), bad)));
        using var untimed = await gateway.PostAsync("/api/v1/gateway/decisions", Fixtures.Json(GatewayDecisionLines.Batch("laptop-7", noTime)));
        using var unnamed = await gateway.PostAsync("/api/v1/gateway/decisions", Fixtures.Json(GatewayDecisionLines.Batch("lap\u200Btop", GatewayDecisionLines.Line("r1"))));

        var detail = await posted.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith("decisions[2]: 'action' must be one of", detail, StringComparison.Ordinal);
        Assert.Contains("\\u{202E}", detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', detail);
        Assert.StartsWith("decisions[0]: 'time'", await untimed.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("invisible", await unnamed.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var team = Server.OpenTeamStore();
        Assert.Empty(team.ListGatewayDecisions(null, null, 0));
    }

    [Fact]
    public async Task A_bad_query_is_a_400()
    {
        using var action = await Server.Admin.GetAsync("/api/v1/gateway/decisions?action=dropped");
        using var limit = await Server.Admin.GetAsync("/api/v1/gateway/decisions?limit=0");

        Assert.Contains("action must be one of", await action.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await limit.ProblemAsync(HttpStatusCode.BadRequest);
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteGatewayEndpointTests() : GatewayEndpointTests(StoreBackend.Sqlite);

/// <summary>The tests above on a PostgreSQL database.</summary>
public sealed class PostgresGatewayEndpointTests() : GatewayEndpointTests(StoreBackend.Postgres);
