namespace Telltale.Policy;

/// <summary>What an organisation decided about the software an entry names, from least to most severe.</summary>
public enum PolicyStatus
{
    /// <summary>Checked and allowed; listed so that a check can name the evidence.</summary>
    Allowed,

    /// <summary>Under review: a check warns.</summary>
    Review,

    /// <summary>Allowed only under conditions the reason states: a check warns.</summary>
    Restricted,

    /// <summary>Not to be installed or run from the effective date (after any grace period): a check fails.</summary>
    Banned,
}
