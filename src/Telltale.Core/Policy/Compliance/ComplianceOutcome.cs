namespace Telltale.Policy.Compliance;

/// <summary>What a check says of one item, from passing to failing.</summary>
public enum ComplianceOutcome
{
    /// <summary>No entry names the package.</summary>
    NotListed,

    /// <summary>An entry names it and allows it, or names the package but not this version.</summary>
    Allowed,

    /// <summary>An entry puts it under review: a warning.</summary>
    Review,

    /// <summary>An entry restricts it: a warning.</summary>
    Restricted,

    /// <summary>Banned from a date still ahead, or within a grace period: a warning with the days left.</summary>
    BannedSoon,

    /// <summary>Banned and in force: a failure.</summary>
    Banned,
}
