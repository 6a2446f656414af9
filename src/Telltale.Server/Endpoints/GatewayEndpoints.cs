using System.Globalization;
using Telltale.Server.Auth;
using Telltale.Server.Contracts;
using Telltale.Server.Http;
using Telltale.Server.Storage;
using Telltale.Team;

namespace Telltale.Server.Endpoints;

/// <summary>
/// What <c>telltale gateway --server</c> reports: its decisions, posted in batches with a machine token, and what viewers
/// read of them, per decision and per client (docs/server.md, "Gateway decisions").
/// </summary>
internal static class GatewayEndpoints
{
    /// <summary>A full batch of decision lines with their changes; lines carry no body, so this is generous.</summary>
    public const long MaxBatchBytes = 16L * 1024 * 1024;

    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/gateway/decisions", PostAsync).RequireRole(TeamRole.Machine)
            .WithSummary("A gateway's decision lines, at most 1000 a batch; a decision sent again (same gateway and requestId) counts once, and 'body' is never kept")
            .Accepts<object>("application/json")
            .Produces<GatewayDecisionsSavedResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/gateway/decisions", List).RequireRole(TeamRole.Viewer)
            .WithSummary("The gateways' decisions, newest first; of one client and one action when given")
            .Produces<IReadOnlyList<GatewayDecisionResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/gateway/clients", Clients).RequireRole(TeamRole.Viewer)
            .WithSummary("Every client the gateways saw: requests by action, code points changed, date forms, mismatched claims, first and last seen")
            .Produces<IReadOnlyList<GatewayClientResponse>>();
    }

    private static async Task<IResult> PostAsync(HttpContext http, ServerStores stores)
    {
        var (bytes, problem) = await RequestBody.ReadAsync(http, MaxBatchBytes, "batch of gateway decisions").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (batch, batchProblem) = GatewayDecisionBatch.Read(bytes!);
        if (batchProblem is not null)
        {
            return Problems.BadRequest(batchProblem);
        }

        var saved = stores.Team.SaveGatewayDecisions(batch!.Gateway, batch.Decisions, RequestAudit.Of(http));
        return Results.Ok(new GatewayDecisionsSavedResponse(saved.Stored, saved.Duplicates));
    }

    private static IResult List(ServerStores stores, string? client, string? action, int? limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"limit must be from 1 to {MaxLimit.ToString(CultureInfo.InvariantCulture)}");
        }

        if (action is not null && !GatewayDecisionBatch.Actions.Contains(action, StringComparer.Ordinal))
        {
            return Problems.BadRequest($"action must be one of {string.Join(", ", GatewayDecisionBatch.Actions)}, not '{ClientText.Log(action)}'");
        }

        var decisions = stores.Team.ListGatewayDecisions(string.IsNullOrEmpty(client) ? null : client, action, limit ?? DefaultLimit);
        return Results.Ok(decisions.Select(GatewayDecisionResponse.From).ToList());
    }

    private static IResult Clients(ServerStores stores) => Results.Ok(stores.Team.ListGatewayClients().Select(GatewayClientResponse.From).ToList());
}
