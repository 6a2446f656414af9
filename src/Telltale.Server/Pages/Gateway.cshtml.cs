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

    public void OnGet(string? action)
    {
        Action = action is not null && Actions.Contains(action, StringComparer.Ordinal) ? action : null;
        Clients = Stores.Team.ListGatewayClients();
        Decisions = [.. Stores.Team.ListGatewayDecisions(null, Action, DecisionLimit).Select(GatewayDecisionView.From)];
    }
}
