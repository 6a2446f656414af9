using Telltale.Artifacts;

namespace Telltale.Tracking.History;

/// <summary>One version of a timeline: which behaviours it has, or why it could not be scanned.</summary>
/// <param name="Info">The version and its publish date.</param>
/// <param name="Behaviours">The <see cref="FindingIdentity.Key"/>s of its findings at or above the timeline's minimum severity; empty when it failed.</param>
/// <param name="Error">Why it could not be had; null when it was scanned.</param>
public sealed record TimelineVersion(NpmVersionInfo Info, IReadOnlySet<string> Behaviours, string? Error = null)
{
    /// <summary>The scan the answer came from; null when it could not be scanned.</summary>
    public VersionScan? Scan { get; init; }

    public bool Scanned => Error is null;
}
