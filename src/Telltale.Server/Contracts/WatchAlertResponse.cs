using System.Text.Json;
using Telltale.Findings;
using Telltale.Team;

namespace Telltale.Server.Contracts;

/// <summary>An alert, with the JSON the webhook and the JSON lines file received as <see cref="Alert"/>.</summary>
internal sealed record WatchAlertResponse(long Id, long WatchId, string Package, string Version, string Kind, string? Severity, string? RuleId, string Text, DateTimeOffset CreatedAt, JsonElement Alert)
{
    public static WatchAlertResponse From(WatchAlert alert)
    {
        using var document = JsonDocument.Parse(alert.Json);
        return new(alert.Id, alert.WatchId, alert.Package, alert.Version, alert.Kind, alert.Severity?.ToName(), alert.RuleId, alert.Text, alert.CreatedAt,
            document.RootElement.Clone());
    }
}
