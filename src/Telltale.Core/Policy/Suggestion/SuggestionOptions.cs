using Telltale.Findings;

namespace Telltale.Policy.Suggestion;

/// <summary>What a reviewer decides that evidence cannot: the id, status, dates and alternatives of a suggested entry.</summary>
public sealed record SuggestionOptions
{
    /// <summary>The entry id; null makes one from the package name and the first affected version.</summary>
    public string? Id { get; init; }

    /// <summary><see cref="PolicyStatus.Review"/> unless told: a suggestion is a proposal.</summary>
    public PolicyStatus Status { get; init; } = PolicyStatus.Review;

    public EffectiveDate? Effective { get; init; }

    public string? Reason { get; init; }

    public PolicyDecision? Decided { get; init; }

    public IReadOnlyList<PolicyAlternative> Alternatives { get; init; } = [];

    /// <summary>For a timeline: which behaviours count (a rule id or behaviour key); null for every one at or above <see cref="MinSeverity"/>.</summary>
    public string? Behaviour { get; init; }

    /// <summary>For a timeline or report: findings below this are not behaviours.</summary>
    public Severity MinSeverity { get; init; } = Severity.High;
}
