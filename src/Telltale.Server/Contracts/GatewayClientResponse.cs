using Telltale.Team;

namespace Telltale.Server.Contracts;

/// <summary>
/// A client in <c>GET /api/v1/gateway/clients</c>: its requests by action, the code points changed in them by pair, the
/// date forms its prompts showed (<see cref="DateFormVariation"/> when more than one), and how often its claims disagreed.
/// </summary>
internal sealed record GatewayClientResponse(
    string Client,
    long Requests,
    IReadOnlyDictionary<string, long> Actions,
    IReadOnlyList<CodePointChangeCount> Changes,
    IReadOnlyList<DateFormCount> DateForms,
    bool DateFormVariation,
    long Mismatches,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen)
{
    public static GatewayClientResponse From(GatewayClientSummary summary) => new(
        summary.Client,
        summary.Requests,
        summary.Actions,
        [.. summary.CodePointChanges.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new CodePointChangeCount(c.Key, c.Value))],
        [.. summary.DateForms.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Select(d => new DateFormCount(d.Key, d.Value))],
        summary.DateFormVariation,
        summary.Mismatches,
        summary.FirstSeen,
        summary.LastSeen);
}
