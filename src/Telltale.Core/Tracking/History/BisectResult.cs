using Telltale.Artifacts;

namespace Telltale.Tracking.History;

/// <summary>
/// Where one behaviour starts and stops in a range of versions, found by scanning few of them. A boundary is
/// exact when the version before it (<see cref="LastWithout"/>, <see cref="LastWith"/>) is its immediate
/// predecessor in the range; versions that could not be scanned in between make it a bracket instead.
/// </summary>
public sealed record BisectResult
{
    public required string Package { get; init; }

    /// <summary>What was looked for, as <see cref="BehaviourSelector.Description"/>.</summary>
    public required string Behaviour { get; init; }

    /// <summary>The npm range the versions were chosen by, as given; null when they were given directly.</summary>
    public string? Range { get; init; }

    /// <summary>How many versions the range holds.</summary>
    public required int VersionCount { get; init; }

    /// <summary>The first and last version of the range.</summary>
    public required NpmVersionInfo First { get; init; }

    public required NpmVersionInfo Last { get; init; }

    /// <summary>Whether the first scannable version has it; null when no version could be scanned.</summary>
    public bool? PresentAtStart { get; init; }

    /// <summary>Whether the last scannable version has it; null when no version could be scanned.</summary>
    public bool? PresentAtEnd { get; init; }

    /// <summary>The first version with it; null when it was found nowhere or is present from the start of the range.</summary>
    public NpmVersionInfo? Introduced { get; init; }

    /// <summary>The last scanned version before <see cref="Introduced"/> that lacks it.</summary>
    public NpmVersionInfo? LastWithout { get; init; }

    /// <summary>The first version after its introduction that no longer has it; null when it is never removed in the range.</summary>
    public NpmVersionInfo? Removed { get; init; }

    /// <summary>The last scanned version before <see cref="Removed"/> that has it.</summary>
    public NpmVersionInfo? LastWith { get; init; }

    /// <summary>The title of the matching finding at the first version found to have it.</summary>
    public string? Title { get; init; }

    /// <summary>Every version scanned, in the order they were scanned.</summary>
    public required IReadOnlyList<BisectProbe> Scans { get; init; }

    /// <summary>What a reader must know to trust the answer: probing, brackets, versions that failed.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Whether any scanned version has it.</summary>
    public bool Found => Scans.Any(s => s.Present == true);
}
