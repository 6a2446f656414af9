using Telltale.Inventory;
using Telltale.Policy;
using Telltale.Policy.Compliance;

namespace Telltale.Gateway;

/// <summary>
/// Judges the client a request identifies as, the way <c>telltale check</c> judges an installed package: the same
/// <see cref="PolicyChecker"/>, so an entry's versions, effective date and grace period mean the same in both. The
/// gateway refuses a client whose version is banned and in force, or under review (not yet allowed); a ban still in
/// its grace period, or a restriction, is let through and logged.
/// </summary>
public static class ClientPolicyGate
{
    public static ClientVerdict Judge(PolicyDocument policy, ClientIdentity client, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(client);
        if (client.Package is null || client.Ecosystem is null)
        {
            return new ClientVerdict(false, null);
        }

        var item = new InventoryItem
        {
            Kind = InventoryItemKind.Named,
            Ecosystem = client.Ecosystem,
            Name = client.Package,
            Version = client.Version,
            Path = "User-Agent",
            Source = "gateway request headers",
        };
        var verdict = PolicyChecker.Judge(policy, item, now);
        return new ClientVerdict(verdict.Outcome is ComplianceOutcome.Banned or ComplianceOutcome.Review, verdict);
    }
}
