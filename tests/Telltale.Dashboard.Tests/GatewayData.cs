using System.Net;
using System.Text.Json.Nodes;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary>
/// What a gateway in front of Claude Code reports: 2.1.91 normalising look-alike apostrophes and writing dates in two
/// forms, 2.1.198 blocked by the policy and claiming another version in its body.
/// </summary>
internal static class GatewayData
{
    public const string OldClient = "npm:@anthropic-ai/claude-code@2.1.91";
    public const string NewClient = "npm:@anthropic-ai/claude-code@2.1.198";

    public static async Task PostAsync(ServerHarness server, params JsonObject[] extra)
    {
        var dashed = GatewayDecisionLines.Line("r1", time: "2026-12-07T02:00:00.000Z");
        dashed["dates"] = new JsonArray(new JsonObject { ["path"] = "$.system[1].text", ["form"] = "YYYY-MM-DD" });
        var slashed = GatewayDecisionLines.Line("r2", time: "2026-12-07T02:05:00.000Z");
        slashed["dates"] = new JsonArray(new JsonObject { ["path"] = "$.system[1].text", ["form"] = "YYYY/MM/DD" });
        slashed["variation"] = new JsonObject
        {
            ["client"] = OldClient,
            ["forms"] = new JsonArray(new JsonObject { ["form"] = "YYYY-MM-DD", ["requests"] = 1 }, new JsonObject { ["form"] = "YYYY/MM/DD", ["requests"] = 1 }),
        };
        var blocked = GatewayDecisionLines.Line("r3", "blocked", "2.1.198", "2026-12-07T02:10:00.000Z");
        blocked.Remove("changes");
        blocked["status"] = 403;
        blocked["policy"] = new JsonObject { ["entry"] = "ACME-2026-001", ["outcome"] = "Banned", ["message"] = "banned since 2026-07-10", ["refuses"] = true };
        blocked["mismatches"] = new JsonArray("User-Agent claims 2.1.198 but the body's cc_version is 2.1.91");

        var machine = server.Client(await server.TokenAsync(TeamRole.Machine));
        using var response = await machine.PostAsync("/api/v1/gateway/decisions", Fixtures.Json(GatewayDecisionLines.Batch("laptop-7", [dashed, slashed, blocked, .. extra])));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
