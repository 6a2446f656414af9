using System.Text.Json;
using Telltale.Team;

namespace Telltale.Server.Contracts;

/// <summary>A decision in <c>GET /api/v1/gateway/decisions</c>, with the line the gateway sent (never its <c>body</c>) as <see cref="Decision"/>.</summary>
internal sealed record GatewayDecisionResponse(long Id, string Gateway, string RequestId, DateTimeOffset Time, DateTimeOffset ReceivedAt, string Action, string Client, JsonElement Decision)
{
    public static GatewayDecisionResponse From(StoredGatewayDecision decision)
    {
        using var document = JsonDocument.Parse(decision.Json);
        return new(decision.Id, decision.Gateway, decision.RequestId, decision.Time, decision.ReceivedAt, decision.Action, decision.Client, document.RootElement.Clone());
    }
}
