namespace Telltale.Artifacts;

/// <summary>A target made local: what it is, where it now lies and its sha256.</summary>
/// <param name="Name">The npm package name, or the file or directory name.</param>
/// <param name="Version">The npm version; null for local targets (the scanner reads package.json later).</param>
/// <param name="LocalPath">The file or directory to expand.</param>
/// <param name="Sha256">Lower-case hex, from <see cref="ArtifactHasher"/>.</param>
/// <param name="Source"><c>npm</c>, <c>file</c> or <c>directory</c>.</param>
public sealed record ResolvedTarget(string Name, string? Version, string LocalPath, string Sha256, string Source)
{
    /// <summary>
    /// The platform the platform packages were chosen for (<c>linux-x64</c>); null when none was asked for
    /// or the package has no platform packages. Set with an empty <see cref="PlatformPackages"/> when the
    /// package has platform packages but none for this platform.
    /// </summary>
    public string? Platform { get; init; }

    /// <summary>The platform packages npm would install with the target on <see cref="Platform"/>, scanned after it.</summary>
    public IReadOnlyList<ResolvedPlatformPackage> PlatformPackages { get; init; } = [];

    public bool Equals(ResolvedTarget? other) =>
        other is not null
        && Name == other.Name && Version == other.Version && LocalPath == other.LocalPath && Sha256 == other.Sha256 && Source == other.Source
        && Platform == other.Platform && PlatformPackages.SequenceEqual(other.PlatformPackages);

    public override int GetHashCode() => HashCode.Combine(Name, Version, LocalPath, Sha256, Source, Platform, PlatformPackages.Count);
}
