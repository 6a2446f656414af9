using Telltale.Artifacts;
using Telltale.Findings;

namespace Telltale.Tracking.History;

/// <summary>
/// When one behaviour (findings sharing a <see cref="FindingIdentity.Key"/>) was in a package: the spans of
/// versions that have it, in version order. Between two spans is a gap, a stretch of versions without it.
/// </summary>
/// <param name="Key">The <see cref="FindingIdentity.Key"/> the findings share.</param>
/// <param name="RuleId">Their rule.</param>
/// <param name="Title">The title of the most severe of them (the earliest version's when tied).</param>
/// <param name="Severity">The highest severity it had in any version.</param>
/// <param name="Spans">At least one; more when it comes and goes.</param>
public sealed record BehaviourTimeline(string Key, string RuleId, string Title, Severity Severity, IReadOnlyList<PresenceSpan> Spans)
{
    /// <summary>
    /// Whether the first scanned version of the range already has it: then <see cref="Introduced"/> is only the
    /// start of the range, and the real introduction is at or before it.
    /// </summary>
    public bool PresentAtStart { get; init; }

    /// <summary>The first version that has it.</summary>
    public NpmVersionInfo Introduced => Spans[0].From;

    /// <summary>The first version after <see cref="Introduced"/> that no longer has it; null when every later version has it.</summary>
    public NpmVersionInfo? FirstAbsent => Spans[0].Until;

    /// <summary>Whether it went away and came back at least once within the range.</summary>
    public bool ComesAndGoes => Spans.Count > 1;

    /// <summary>Whether the last scanned version of the range has it.</summary>
    public bool PresentAtEnd => Spans[^1].Until is null;
}
