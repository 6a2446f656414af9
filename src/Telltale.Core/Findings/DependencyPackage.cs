namespace Telltale.Findings;

/// <summary>
/// One package npm would install with the target (<c>scan --deps</c>), scanned on its own and merged into the
/// target's report: its findings' paths start with <c>Name@Version!/</c>, as a platform package's do.
/// </summary>
/// <param name="Name">The package name on the registry.</param>
/// <param name="Version">The exact version npm would pick for the range that required it.</param>
/// <param name="Sha256">Of its tarball, lower-case hex.</param>
/// <param name="Kind">How the package that required it names it.</param>
/// <param name="RequiredBy"><c>name@version</c> of the first package (breadth-first) that requires it.</param>
public sealed record DependencyPackage(string Name, string Version, string Sha256, DependencyKind Kind, string RequiredBy)
{
    /// <summary>As <see cref="ScanTarget.Platform"/>, for the platform packages of this dependency.</summary>
    public string? Platform { get; init; }

    /// <summary>The platform packages scanned with this dependency; their paths read <c>Name@Version!/platform@version!/…</c>.</summary>
    public IReadOnlyList<PlatformPackage> PlatformPackages { get; init; } = [];

    /// <summary>How this package's entries are named in the merged report: <c>name@version</c>, then <c>!/package/…</c>.</summary>
    public string PathPrefix => $"{Name}@{Version}";

    /// <summary>Whether a finding or note at <paramref name="path"/> is about this package (its own files or the package itself).</summary>
    public bool Contains(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.StartsWith(PathPrefix, StringComparison.Ordinal)
            && (path.Length == PathPrefix.Length || path.AsSpan(PathPrefix.Length).StartsWith("!/", StringComparison.Ordinal));
    }

    public override string ToString() => PathPrefix;

    public bool Equals(DependencyPackage? other) =>
        other is not null
        && Name == other.Name && Version == other.Version && Sha256 == other.Sha256 && Kind == other.Kind && RequiredBy == other.RequiredBy
        && Platform == other.Platform && PlatformPackages.SequenceEqual(other.PlatformPackages);

    public override int GetHashCode() => HashCode.Combine(Name, Version, Sha256, Kind, RequiredBy, Platform, PlatformPackages.Count);
}
