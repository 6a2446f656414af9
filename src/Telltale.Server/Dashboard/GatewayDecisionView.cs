using System.Globalization;
using System.Text.Json;
using Telltale.Team;

namespace Telltale.Server.Dashboard;

/// <summary>
/// A stored gateway decision as the Gateway page lists it: the few fields a person reads, taken out of the line the
/// gateway sent. Every string is the gateway's or its client's text, shown through <see cref="VisibleText"/>.
/// </summary>
internal sealed record GatewayDecisionView(
    StoredGatewayDecision Decision, string Route, int? Status, int Changes, string? Reason, IReadOnlyList<string> DateForms, IReadOnlyList<string> Mismatches)
{
    public static GatewayDecisionView From(StoredGatewayDecision decision)
    {
        using var document = JsonDocument.Parse(decision.Json);
        var line = document.RootElement;
        string? Text(JsonElement element, string property) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        IEnumerable<JsonElement> Items(string property) =>
            line.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

        // What a block or refusal says: the refusal's reason, else the policy's message for a block.
        var reason = line.TryGetProperty("refusal", out var refusal) ? Text(refusal, "reason") : null;
        if (reason is null && decision.Action == "blocked" && line.TryGetProperty("policy", out var policy))
        {
            reason = Text(policy, "message");
        }

        return new GatewayDecisionView(
            decision,
            Text(line, "route") ?? "",
            line.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out var code) ? code : null,
            Items("changes").Count(),
            reason,
            [.. Items("dates").Select(d => Text(d, "form")).OfType<string>().Distinct(StringComparer.Ordinal)],
            [.. Items("mismatches").Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!)]);
    }

    public string StatusText => Status?.ToString(CultureInfo.InvariantCulture) ?? "";
}
