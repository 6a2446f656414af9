namespace Telltale.Findings;

/// <summary>Which map of the manifest that requires a dependency names it, which decides whether npm installs it.</summary>
public enum DependencyKind
{
    /// <summary><c>dependencies</c>: always installed.</summary>
    Dependency,

    /// <summary><c>optionalDependencies</c>: installed when it exists and fits the platform; a failure is skipped.</summary>
    Optional,

    /// <summary><c>peerDependencies</c> not marked optional: installed by npm 7 and later.</summary>
    Peer,
}
