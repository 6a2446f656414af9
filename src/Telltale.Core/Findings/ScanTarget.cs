namespace Telltale.Findings;

/// <summary>What was scanned: a package name and version when known, and the sha256 of the artifact as fetched.</summary>
public sealed record ScanTarget(string Name, string? Version, string Sha256, string Source)
{
    /// <summary>
    /// The platform whose platform packages were chosen (<c>linux-x64</c>, <c>linux-x64-musl</c>); null
    /// when none was asked for or the package has no platform packages.
    /// </summary>
    public string? Platform { get; init; }

    /// <summary>The platform packages scanned with the target, in manifest order; empty with a <see cref="Platform"/> when none fits it.</summary>
    public IReadOnlyList<PlatformPackage> PlatformPackages { get; init; } = [];

    /// <summary>Said in every report when the package has platform packages but none for <see cref="Platform"/>.</summary>
    public string? PlatformNote => Platform is not null && PlatformPackages.Count == 0 ? $"no platform package for {Platform}" : null;

    /// <summary>The incomplete analysis <see cref="PlatformNote"/> makes: the program that runs on the platform was not scanned.</summary>
    public IncompleteAnalysis? PlatformGap => PlatformNote is { } note
        ? new IncompleteAnalysis(Name, IncompleteAnalysis.PlatformAnalysis, $"{note}: the program that runs on it was not scanned")
        : null;

    /// <summary>
    /// With <c>scan --deps</c>, the packages npm would install with the target, breadth-first; empty when it installs
    /// none. Null when the dependencies were not asked for.
    /// </summary>
    public IReadOnlyList<DependencyPackage>? Dependencies { get; init; }

    public bool Equals(ScanTarget? other) =>
        other is not null
        && Name == other.Name && Version == other.Version && Sha256 == other.Sha256 && Source == other.Source
        && Platform == other.Platform && PlatformPackages.SequenceEqual(other.PlatformPackages)
        && (Dependencies is null ? other.Dependencies is null : other.Dependencies is not null && Dependencies.SequenceEqual(other.Dependencies));

    public override int GetHashCode() => HashCode.Combine(Name, Version, Sha256, Source, Platform, PlatformPackages.Count, Dependencies?.Count);
}
