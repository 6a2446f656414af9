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

    /// <summary>
    /// Whether <paramref name="version"/> is affected: listed in <see cref="Versions"/>, or inside a range by OSV's
    /// rule (events in version order; introduced opens, fixed closes before itself, last_affected after itself).
    /// An unknown version (null) is affected only when every version is.
    /// </summary>
    public bool Covers(string? version)
    {
        if (AllVersions)
        {
            return true;
        }

        if (version is null)
        {
            return false;
        }

        if (Versions.Any(v => VersionOrder.Compare(v, version) == 0))
        {
            return true;
        }

        return Ranges.Any(range => InRange(range, version));
    }

    private static bool InRange(AffectedRange range, string version)
    {
        if (VersionOrder.Parse(version) is null)
        {
            return false;
        }

        var affected = false;
        foreach (var step in range.Events.OrderBy(e => e.Version, VersionOrder.Comparer))
        {
            var order = VersionOrder.Compare(version, step.Version);
            switch (step.Kind)
            {
                case RangeEventKind.Introduced when order >= 0:
                    affected = true;
                    break;
                case RangeEventKind.Fixed when order >= 0:
                case RangeEventKind.LastAffected when order > 0:
                    affected = false;
                    break;
            }
        }

        return affected;
    }
}
