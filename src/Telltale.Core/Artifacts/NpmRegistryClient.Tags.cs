namespace Telltale.Artifacts;

public sealed partial class NpmRegistryClient
{
    /// <summary>
    /// The exact version <paramref name="spec"/> names: itself when it is one, else the dist-tag's version
    /// from the packument. Downloads no tarball, so a caller holding a result for that version can skip it.
    /// </summary>
    /// <exception cref="TargetException">when the package, tag or version is unknown or the registry fails.</exception>
    public async Task<string> ResolveVersionAsync(NpmPackageSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Version ?? (await ResolveAsync(spec, cancellationToken).ConfigureAwait(false)).Version;
    }
}
