using Telltale.Team;

namespace Telltale.Server.Contracts;

/// <summary>One version of the policy in its history: who put it and when, without the text.</summary>
internal sealed record PolicyVersionResponse(long Version, string Name, int Entries, string Sha256, DateTimeOffset SavedAt, string SavedBy, long? SavedByTokenId)
{
    public static PolicyVersionResponse From(StoredPolicy policy) =>
        new(policy.Version, policy.Name, policy.Entries, policy.Sha256, policy.SavedAt, policy.SavedBy, policy.SavedByTokenId);
}
