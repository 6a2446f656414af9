namespace Telltale.Policy;

/// <summary>
/// One decision of a high-risk software list: what it covers (<see cref="Affected"/>, OSV's shape), what was
/// decided and from when, why, on what evidence, and what to use instead.
/// </summary>
public sealed record PolicyEntry
{
    /// <summary>Unique within a policy and everything it includes.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required PolicyStatus Status { get; init; }

    /// <summary>When the status takes force; null means it is in force already.</summary>
    public EffectiveDate? Effective { get; init; }

    public string? Reason { get; init; }

    public required IReadOnlyList<AffectedPackage> Affected { get; init; }

    public IReadOnlyList<PolicyEvidence> Evidence { get; init; } = [];

    public IReadOnlyList<PolicyAlternative> Alternatives { get; init; } = [];

    public PolicyDecision? Decided { get; init; }

    /// <summary>Other ids of the same thing (an OSV record's aliases, a CVE).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Where the entry was read: <c>policy.yaml:12</c>, or an OSV file; null for one built in memory.</summary>
    public string? Source { get; init; }
}
