using Telltale.Inventory;

namespace Telltale.Policy.Compliance;

/// <summary>The verdict on one inventory item: the outcome, the entry behind it, and a one-line message.</summary>
public sealed record ComplianceVerdict(InventoryItem Item, ComplianceOutcome Outcome, PolicyEntry? Entry, ComplianceMatch Match, string Message)
{
    /// <summary>The day a ban takes force (after any grace), when the entry has a date.</summary>
    public DateOnly? EnforcedFrom { get; init; }

    /// <summary>Whole calendar days until <see cref="EnforcedFrom"/> in the entry's time zone; only for <see cref="ComplianceOutcome.BannedSoon"/>.</summary>
    public int? DaysLeft { get; init; }

    public bool IsFailure => Outcome == ComplianceOutcome.Banned;

    public bool IsWarning => Outcome is ComplianceOutcome.BannedSoon or ComplianceOutcome.Restricted or ComplianceOutcome.Review;
}
