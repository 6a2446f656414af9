using Telltale.Server.Dashboard;
using Telltale.Server.Endpoints;
using Telltale.Team;

namespace Telltale.Server.Pages;

/// <summary>What the gateways reported: each client's totals (date form variation first to the eye), and the latest decisions.</summary>
public sealed class GatewayModel : DashboardPage
{
    private const int DecisionLimit = 100;

    public IReadOnlyList<GatewayClientSummary> Clients { get; private set; } = [];

    internal IReadOnlyList<GatewayDecisionView> Decisions { get; private set; } = [];

    /// <summary>The action the decisions are filtered by (<c>?action=blocked</c>); null for all, or for a word that is not an action.</summary>
    public string? Action { get; private set; }

    public static IReadOnlyList<string> Actions => GatewayDecisionBatch.Actions;

    /// <summary>Requests by action over every client, so blocks and refusals show before any table is read.</summary>
    public IReadOnlyDictionary<string, long> Totals { get; private set; } = new Dictionary<string, long>();

    public void OnGet(string? action)
    {
        Action = action is not null && Actions.Contains(action, StringComparer.Ordinal) ? action : null;
        Clients = Stores.Team.ListGatewayClients();
        Totals = Actions.ToDictionary(a => a, a => Clients.Sum(c => c.Actions.GetValueOrDefault(a)), StringComparer.Ordinal);
        Decisions = [.. Stores.Team.ListGatewayDecisions(null, Action, DecisionLimit).Select(GatewayDecisionView.From)];
    }
}
