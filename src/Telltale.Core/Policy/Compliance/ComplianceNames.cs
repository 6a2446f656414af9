using Telltale.Inventory;

namespace Telltale.Policy.Compliance;

/// <summary>
/// The names outcomes, matches and item kinds have in every format (spelled out, not derived from enum members,
/// so renaming one cannot silently change a format MDM scripts parse).
/// </summary>
public static class ComplianceNames
{
    public static string Outcome(ComplianceOutcome outcome) => outcome switch
    {
        ComplianceOutcome.NotListed => "not-listed",
        ComplianceOutcome.Allowed => "allowed",
        ComplianceOutcome.Review => "review",
        ComplianceOutcome.Restricted => "restricted",
        ComplianceOutcome.BannedSoon => "banned-from-date",
        _ => "banned",
    };

    public static string Match(ComplianceMatch match) => match switch
    {
        ComplianceMatch.Package => "package",
        ComplianceMatch.EmbeddedPackage => "embedded-package",
        ComplianceMatch.Sha256 => "sha256",
        _ => "none",
    };

    /// <summary><c>name@version</c> as a reader would name the item.</summary>
    public static string Item(InventoryItem item) => item.Version is null ? item.Name : $"{item.Name}@{item.Version}";
}
