namespace Telltale.Artifacts;

/// <summary>A verified npm tarball in the local cache.</summary>
/// <param name="Name">The package name as the registry spells it.</param>
/// <param name="Version">The exact version the spec resolved to.</param>
/// <param name="TarballPath">The cached <c>.tgz</c>, checked against <paramref name="Integrity"/>.</param>
/// <param name="Integrity">The SRI string the tarball was verified against.</param>
/// <param name="FromCache">True when no download was needed.</param>
public sealed record NpmDownload(string Name, string Version, string TarballPath, string Integrity, bool FromCache)
{
    /// <summary>
    /// The registry entries of the version's <c>optionalDependencies</c>, in manifest order; null when the
    /// tarball came from the cache without asking the registry, so the manifest was not read.
    /// </summary>
    public IReadOnlyList<NpmDependency>? OptionalDependencies { get; init; }
}
