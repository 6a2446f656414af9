using Telltale.Policy;
using Telltale.Team;

namespace Telltale.Server.Contracts;

/// <summary>A version of the policy with its YAML text and its entries summed up.</summary>
/// <param name="Changed">For <c>PUT</c>: false when the text put was the current version's already, and nothing was written.</param>
internal sealed record PolicyResponse(
    long Version, string Name, string Sha256, DateTimeOffset SavedAt, string SavedBy, long? SavedByTokenId, IReadOnlyList<PolicyEntrySummary> Entries, string Yaml, bool? Changed = null)
{
    public static PolicyResponse From(StoredPolicy policy, PolicyDocument document, bool? changed = null) => new(
        policy.Version, policy.Name, policy.Sha256, policy.SavedAt, policy.SavedBy, policy.SavedByTokenId,
        document.Entries.Select(PolicyEntrySummary.From).ToList(), policy.Yaml, changed);
}
