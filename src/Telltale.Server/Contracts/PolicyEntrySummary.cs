using System.Globalization;
using Telltale.Policy;

namespace Telltale.Server.Contracts;

/// <summary>One entry of the policy, summed up: enough for a list view; the YAML has the rest.</summary>
internal sealed record PolicyEntrySummary(
    string Id,
    string Title,
    string Status,
    string? Effective,
    string? TimeZone,
    int GraceDays,
    IReadOnlyList<string> Affected,
    IReadOnlyList<string> Alternatives)
{
    public static PolicyEntrySummary From(PolicyEntry entry) => new(
        entry.Id,
        entry.Title,
        PolicyStatusNames.Name(entry.Status),
        entry.Effective?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        entry.Effective?.TimeZone,
        entry.Effective?.GraceDays ?? 0,
        entry.Affected.Select(a => $"{a.Ecosystem}:{a.Name}").ToList(),
        entry.Alternatives.Select(a => a.Spec).ToList());
}
