using Telltale.Artifacts;

namespace Telltale.Tracking.History;

/// <summary>A run of consecutive scanned versions that have a behaviour.</summary>
/// <param name="From">The first version of the run.</param>
/// <param name="Last">The last version of the run.</param>
/// <param name="Until">The first scanned version after the run, which no longer has it; null when the run reaches the end of the range.</param>
public sealed record PresenceSpan(NpmVersionInfo From, NpmVersionInfo Last, NpmVersionInfo? Until)
{
    /// <summary><c>2.1.91–2.1.197</c>, or <c>2.1.91</c> for a run of one version.</summary>
    public override string ToString() => From == Last ? From.Version : $"{From.Version}–{Last.Version}";
}
