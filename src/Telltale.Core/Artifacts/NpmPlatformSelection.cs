namespace Telltale.Artifacts;

/// <summary>
/// Which of a package's platform packages npm would install on <paramref name="Platform"/>; metadata only,
/// nothing downloaded yet.
/// </summary>
/// <param name="Platform">The platform chosen for.</param>
/// <param name="Available">Every platform package among the optional dependencies, in manifest order.</param>
public sealed record NpmPlatformSelection(NpmPlatform Platform, IReadOnlyList<NpmPlatformPackage> Available)
{
    /// <summary>
    /// Optional dependencies the registry lacks (no packument, or no version that fits) whose names read like
    /// platform packages (<c>…-linux-x64</c>): npm skips them, so the program they would carry is simply absent.
    /// </summary>
    public IReadOnlyList<NpmDependency> Unpublished { get; init; } = [];

    /// <summary>The ones whose os, cpu and libc accept <see cref="Platform"/>; npm installs all of them.</summary>
    public IReadOnlyList<NpmPlatformPackage> Selected => [.. Available.Where(p => p.Requirements.Accepts(Platform))];
}
