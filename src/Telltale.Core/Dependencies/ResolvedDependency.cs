using Telltale.Findings;

namespace Telltale.Dependencies;

/// <summary>One package of a dependency closure: the exact version npm would install, and who asked for it first.</summary>
/// <param name="Name">The package on the registry (an alias's target, not the alias).</param>
/// <param name="Version">The version picked for the range.</param>
/// <param name="Kind">The map that named it.</param>
/// <param name="RequiredBy"><c>name@version</c> of the package whose manifest named it first, breadth-first.</param>
public sealed record ResolvedDependency(string Name, string Version, DependencyKind Kind, string RequiredBy)
{
    /// <summary><c>name@version</c>: what the closure is deduplicated by and how its files are prefixed.</summary>
    public string Key => $"{Name}@{Version}";

    public override string ToString() => Key;
}
