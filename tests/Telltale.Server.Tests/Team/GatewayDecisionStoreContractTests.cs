using Telltale.Team;

namespace Telltale.Tests.Team;

/// <summary>What every team store must do with gateway decisions; runs on SQLite and PostgreSQL with the rest of the contract.</summary>
public abstract partial class TeamStoreContractTests
{
    private static readonly AuditContext Gateway = new(7, "gateway token", TeamRole.Machine, "POST", "/api/v1/gateway/decisions");
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_decision_sent_again_is_kept_and_counted_once()
    {
        using var store = Open();
        GatewayDecision[] batch = [Decision("r1", "normalised", "npm:x@1", Noon, changes: ["U+2019→U+0027", "U+2019→U+0027"]), Decision("r2", "forwarded", "npm:x@1", Noon.AddMinutes(1))];

        Assert.Equal(new GatewayDecisionsSaved(2, 0), store.SaveGatewayDecisions("laptop", batch, Gateway));
        Assert.Equal(new GatewayDecisionsSaved(0, 2), store.SaveGatewayDecisions("laptop", batch, Gateway));

        var client = Assert.Single(store.ListGatewayClients());
        Assert.Equal(2, client.Requests);
        Assert.Equal(2, client.CodePointChanges["U+2019→U+0027"]);
        Assert.Equal(2, store.ListGatewayDecisions(null, null, 0).Count);
        Assert.Equal(["gateway:laptop:2"], store.ListAudit(0).Select(a => a.Entity));
    }

    [Fact]
    public void The_same_request_id_from_another_gateway_is_another_decision()
    {
        using var store = Open();
        store.SaveGatewayDecisions("laptop", [Decision("r1", "forwarded", "npm:x@1", Noon)], Gateway);

        Assert.Equal(new GatewayDecisionsSaved(1, 0), store.SaveGatewayDecisions("ci-runner", [Decision("r1", "forwarded", "npm:x@1", Noon)], Gateway));
        Assert.Equal(["ci-runner", "laptop"], store.ListGatewayDecisions(null, null, 0).Select(d => d.Gateway));
    }

    [Fact]
    public void A_client_summary_totals_actions_changes_date_forms_and_mismatches_with_first_and_last_seen()
    {
        using var store = Open();
        store.SaveGatewayDecisions("laptop",
        [
            Decision("r1", "normalised", "npm:x@1", Noon.AddHours(1), changes: ["U+2019→U+0027", "U+200B→removed"], dates: ["YYYY-MM-DD"]),
            Decision("r2", "normalised", "npm:x@1", Noon, changes: ["U+2019→U+0027"], dates: ["YYYY/MM/DD"], mismatches: true),
            Decision("r3", "blocked", "npm:x@1", Noon.AddHours(2), dates: ["YYYY-MM-DD"]),
            Decision("r4", "forwarded", "curl/8.0", Noon.AddHours(3)),
        ], Gateway);

        var clients = store.ListGatewayClients();
        Assert.Equal(["curl/8.0", "npm:x@1"], clients.Select(c => c.Client));
        var x = clients[1];
        Assert.Equal(3, x.Requests);
        Assert.Equal(2, x.Actions["normalised"]);
        Assert.Equal(1, x.Actions["blocked"]);
        Assert.Equal(2, x.CodePointChanges["U+2019→U+0027"]);
        Assert.Equal(1, x.CodePointChanges["U+200B→removed"]);
        Assert.Equal(2, x.DateForms["YYYY-MM-DD"]);
        Assert.Equal(1, x.DateForms["YYYY/MM/DD"]);
        Assert.True(x.DateFormVariation);
        Assert.Equal(1, x.Mismatches);
        Assert.Equal(Noon, x.FirstSeen);
        Assert.Equal(Noon.AddHours(2), x.LastSeen);
        Assert.False(clients[0].DateFormVariation);
        Assert.Empty(clients[0].CodePointChanges);
    }

    [Fact]
    public void Decisions_are_listed_newest_first_by_client_and_action()
    {
        using var store = Open();
        store.SaveGatewayDecisions("laptop",
        [
            Decision("r1", "normalised", "npm:x@1", Noon),
            Decision("r2", "blocked", "npm:x@1", Noon),
            Decision("r3", "blocked", "npm:y@2", Noon),
        ], Gateway);

        Assert.Equal(["r3", "r2", "r1"], store.ListGatewayDecisions(null, null, 0).Select(d => d.RequestId));
        Assert.Equal(["r3", "r2"], store.ListGatewayDecisions(null, "blocked", 0).Select(d => d.RequestId));
        Assert.Equal(["r2"], store.ListGatewayDecisions("npm:x@1", "blocked", 0).Select(d => d.RequestId));
        Assert.Equal(["r3"], store.ListGatewayDecisions(null, null, 1).Select(d => d.RequestId));
        var stored = store.ListGatewayDecisions("npm:y@2", null, 0).Single();
        Assert.Equal(Noon, stored.Time);
        Assert.Equal("{\"requestId\":\"r3\"}", stored.Json);
    }

    /// <summary>A decision with nothing to count but its action, for tests of the tables rather than the totals.</summary>
    protected static GatewayDecision OneDecision() => Decision("r1", "forwarded", "curl/8.0", Noon);

    private static GatewayDecision Decision(string requestId, string action, string client, DateTimeOffset time, string[]? changes = null, string[]? dates = null, bool mismatches = false) => new()
    {
        RequestId = requestId,
        Time = time,
        Action = action,
        Client = client,
        Json = $"{{\"requestId\":\"{requestId}\"}}",
        CodePointChanges = changes ?? [],
        DateForms = dates ?? [],
        HasMismatches = mismatches,
    };
}
