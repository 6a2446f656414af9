namespace Telltale.Policy.Compliance;

/// <summary>How an item was tied to an entry.</summary>
public enum ComplianceMatch
{
    /// <summary>No entry.</summary>
    None,

    /// <summary>Ecosystem, name and version.</summary>
    Package,

    /// <summary>The npm package a native executable embeds (its package.json), by name and version.</summary>
    EmbeddedPackage,

    /// <summary>The executable's sha256 is one of the entry's native builds.</summary>
    Sha256,
}
