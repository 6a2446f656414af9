namespace Telltale.Artifacts;

/// <summary>An optional dependency that is built for some platforms only, resolved to one version.</summary>
/// <param name="Alias">The key in <c>optionalDependencies</c>; differs from <paramref name="Name"/> for <c>npm:</c> aliases.</param>
/// <param name="Name">The package on the registry.</param>
/// <param name="Version">The exact version npm would install.</param>
/// <param name="Requirements">That version's <c>os</c>, <c>cpu</c> and <c>libc</c>.</param>
public sealed record NpmPlatformPackage(string Alias, string Name, string Version, NpmPlatformRequirements Requirements)
{
    public override string ToString() => $"{Name}@{Version}";
}
