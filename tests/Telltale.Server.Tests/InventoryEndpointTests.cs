using System.Net;
using Telltale.Team;

namespace Telltale.Tests;

public abstract class InventoryEndpointTests(StoreBackend backend) : ServerTest(backend)
{
    [Fact]
    public async Task A_machine_with_a_banned_version_gets_banned_and_is_listed_as_non_compliant()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        var machine = Server.Client(await Server.TokenAsync(TeamRole.Machine));
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));
        (await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(Fixtures.BanPolicy))).Dispose();

        using var posted = await machine.PostAsync("/api/v1/inventories", Fixtures.Json(Fixtures.Inventory("laptop-7", "2.1.91")));

        var verdicts = await posted.JsonAsync();
        Assert.Equal("fail", verdicts.GetProperty("summary").GetProperty("result").GetString());
        Assert.Equal(1, verdicts.GetProperty("summary").GetProperty("failures").GetInt32());
        var verdict = verdicts.GetProperty("verdicts")[0];
        Assert.Equal("banned", verdict.GetProperty("outcome").GetString());
        Assert.Equal("ACME-2026-001", verdict.GetProperty("entry").GetProperty("id").GetString());

        (await machine.PostAsync("/api/v1/inventories", Fixtures.Json(Fixtures.Inventory("laptop-8", "2.1.198")))).Dispose();
        using var machines = await viewer.GetAsync("/api/v1/machines");
        var listed = (await machines.JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["laptop-7", "laptop-8"], listed.Select(m => m.GetProperty("host").GetString()));
        Assert.Equal("fail", listed[0].GetProperty("result").GetString());
        Assert.Equal(1, listed[0].GetProperty("failures").GetInt32());
        Assert.Equal("pass", listed[1].GetProperty("result").GetString());
        Assert.Equal(1, listed[0].GetProperty("policyVersion").GetInt64());

        using var one = await viewer.GetAsync("/api/v1/machines/laptop-7");
        Assert.Equal("banned", (await one.JsonAsync()).GetProperty("verdicts")[0].GetProperty("outcome").GetString());

        using var team = Server.OpenTeamStore();
        var audit = team.ListAudit(10).First(a => a.Route == "/api/v1/inventories");
        Assert.Equal(TeamRole.Machine, audit.Role);
        Assert.StartsWith("inventory:", audit.Entity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_policy_every_item_passes_as_not_listed()
    {
        var machine = Server.Client(await Server.TokenAsync(TeamRole.Machine));

        using var posted = await machine.PostAsync("/api/v1/inventories", Fixtures.Json(Fixtures.Inventory()));

        var verdicts = await posted.JsonAsync();
        Assert.Equal("pass", verdicts.GetProperty("summary").GetProperty("result").GetString());
        Assert.Equal("not-listed", verdicts.GetProperty("verdicts")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task The_latest_inventory_of_a_host_is_the_one_judged()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        var machine = Server.Client(await Server.TokenAsync(TeamRole.Machine));
        (await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(Fixtures.BanPolicy))).Dispose();
        (await machine.PostAsync("/api/v1/inventories", Fixtures.Json(Fixtures.Inventory("laptop-7", "2.1.91")))).Dispose();
        (await machine.PostAsync("/api/v1/inventories", Fixtures.Json(Fixtures.Inventory("laptop-7", "2.1.198")))).Dispose();

        using var machines = await reviewer.GetAsync("/api/v1/machines");

        var listed = Assert.Single((await machines.JsonAsync()).EnumerateArray());
        Assert.Equal("pass", listed.GetProperty("result").GetString());
    }

    [Theory]
    [InlineData(null, "names no host")]
    [InlineData("laptop\u001b[2J", "control characters")]
    [InlineData("laptop\u202e7", "control characters")]
    [InlineData("a/b", "holds a '/'")]
    public async Task An_inventory_without_a_readable_host_is_a_400(string? host, string expected)
    {
        var machine = Server.Client(await Server.TokenAsync(TeamRole.Machine));

        using var response = await machine.PostAsync("/api/v1/inventories", Fixtures.Json(Fixtures.Inventory(host)));

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var team = Server.OpenTeamStore();
        Assert.Empty(team.LatestInventories());
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"schemaVersion\": \"9.0\", \"root\": \"/\", \"items\": []}", "schema version '9.0' is not supported")]
    [InlineData("{\"schemaVersion\": \"1.0\", \"root\": \"/\", \"items\": [{\"kind\": \"alien\"}]}", "not a telltale inventory")]
    public async Task A_malformed_inventory_is_a_400(string body, string expected)
    {
        var machine = Server.Client(await Server.TokenAsync(TeamRole.Machine));

        using var response = await machine.PostAsync("/api/v1/inventories", Fixtures.Json(body));

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_machine_is_a_404()
    {
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));

        using var response = await viewer.GetAsync("/api/v1/machines/nowhere");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_host_name_is_kept_exactly_even_with_unusual_but_visible_characters()
    {
        var machine = Server.Client(await Server.TokenAsync(TeamRole.Machine));
        const string host = "büro-ʼ7 %x";

        (await machine.PostAsync("/api/v1/inventories", Fixtures.Json(Fixtures.Inventory(host)))).Dispose();

        using var one = await Server.Admin.GetAsync($"/api/v1/machines/{Uri.EscapeDataString(host)}");
        Assert.Equal("machine " + host, (await one.JsonAsync()).GetProperty("subject").GetString());
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteInventoryEndpointTests() : InventoryEndpointTests(StoreBackend.Sqlite);

/// <summary>The tests above on a PostgreSQL database.</summary>
public sealed class PostgresInventoryEndpointTests() : InventoryEndpointTests(StoreBackend.Postgres);
