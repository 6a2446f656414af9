namespace Telltale.Policy;

/// <summary>
/// What an entry covers, in OSV's <c>affected</c> shape: a package of an ecosystem, the SEMVER ranges and
/// explicit versions that are affected, and the sha256 of affected native builds. No ranges and no versions
/// means every version.
/// </summary>
/// <param name="Ecosystem">One of <see cref="PolicyEcosystems.All"/>.</param>
/// <param name="Name">The package name (<c>@scope/name</c>), extension id (<c>publisher.name</c>), plugin id or program name.</param>
public sealed record AffectedPackage(string Ecosystem, string Name)
{
    public IReadOnlyList<AffectedRange> Ranges { get; init; } = [];

    public IReadOnlyList<string> Versions { get; init; } = [];

    public IReadOnlyList<NativeBuild> NativeBuilds { get; init; } = [];

    /// <summary>Whether the entry names versions at all; when not, every version is affected.</summary>
    public bool AllVersions => Ranges.Count == 0 && Versions.Count == 0;
}
