using Telltale.Findings;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// One finding across two reports: only in the old one, only in the new one, or in both (paired by
/// <see cref="FindingIdentity.Key"/> and, within a key, by <see cref="FindingIdentity.ItemSimilarity"/>).
/// </summary>
public sealed record FindingChange
{
    public required ChangeKind Kind { get; init; }

    /// <summary>The meaning-based key the pair was matched by (the new finding's when both exist).</summary>
    public required string Key { get; init; }

    /// <summary>The finding in the old report; null when added.</summary>
    public Finding? Old { get; init; }

    /// <summary>The finding in the new report; null when removed.</summary>
    public Finding? New { get; init; }

    /// <summary>The finding as it stands now: the new one, or the old one when it was removed.</summary>
    public Finding Current => New ?? Old ?? throw new InvalidOperationException("A change has an old or a new finding.");

    /// <summary>The severity it ranks by: the new one, or the old one when removed.</summary>
    public Severity Severity => Current.Severity;

    /// <summary>List entries (or, for a behaviour, entries of its lists) only in the new finding.</summary>
    public IReadOnlyList<string> ItemsAdded { get; init; } = [];

    /// <summary>List entries (or, for a behaviour, entries of its lists) only in the old finding.</summary>
    public IReadOnlyList<string> ItemsRemoved { get; init; } = [];

    /// <summary>Capabilities only the new finding has (indicator terms left out: they restate the items).</summary>
    public IReadOnlyList<string> CapabilitiesAdded { get; init; } = [];

    /// <summary>Capabilities only the old finding has.</summary>
    public IReadOnlyList<string> CapabilitiesRemoved { get; init; } = [];

    public bool SeverityChanged => Old is not null && New is not null && Old.Severity != New.Severity;

    public bool CapacityChanged => Old?.Behaviour is { } before && New?.Behaviour is { } after
        && Math.Abs(before.CapacityBits - after.CapacityBits) > 1e-9;

    /// <summary>
    /// Added, or changed for the worse: a higher severity, entries added to a list, capabilities added, or
    /// more bits per message. What <c>diff --fail-on</c> counts.
    /// </summary>
    public bool IsNewOrWorse => Kind switch
    {
        ChangeKind.Added => true,
        ChangeKind.Changed => New!.Severity > Old!.Severity
            || ItemsAdded.Count > 0
            || CapabilitiesAdded.Count > 0
            || (CapacityChanged && New.Behaviour!.CapacityBits > Old.Behaviour!.CapacityBits),
        _ => false,
    };
}
