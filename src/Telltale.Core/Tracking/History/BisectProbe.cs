using Telltale.Artifacts;

namespace Telltale.Tracking.History;

/// <summary>One version a bisection scanned, and what it found there.</summary>
/// <param name="Version">The version.</param>
/// <param name="Present">Whether it has the behaviour; null when it could not be scanned.</param>
/// <param name="Title">The matching finding's title when present.</param>
/// <param name="Error">Why it could not be scanned.</param>
public sealed record BisectProbe(NpmVersionInfo Version, bool? Present, string? Title = null, string? Error = null)
{
    /// <summary>The scan the answer came from; null when it could not be scanned.</summary>
    public VersionScan? Scan { get; init; }
}
