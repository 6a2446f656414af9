namespace Telltale.Artifacts;

/// <summary>A platform package fetched to go with an npm target: scanned with it, under its own name.</summary>
/// <param name="Name">The package name on the registry.</param>
/// <param name="Version">The exact version.</param>
/// <param name="LocalPath">The verified tarball in the cache.</param>
/// <param name="Sha256">Lower-case hex, from <see cref="ArtifactHasher"/>.</param>
public sealed record ResolvedPlatformPackage(string Name, string Version, string LocalPath, string Sha256)
{
    /// <summary>How the package's entries are named in a scan: <c>@scope/pkg-linux-x64@1.2.3</c>, then <c>!/package/…</c>.</summary>
    public string PathPrefix => $"{Name}@{Version}";
}
