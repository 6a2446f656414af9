namespace Telltale.Rules;

/// <summary>Which stage of the pipeline saw something; rules select on it with <c>in:</c>.</summary>
public enum ObservationSource
{
    /// <summary>A literal as written in the source, not decoded.</summary>
    Literal,

    /// <summary>A literal the layered decoder turned into text.</summary>
    Decoded,

    /// <summary>A literal decoded by a recovered obfuscation scheme.</summary>
    Scheme,

    /// <summary>The scheme itself, once.</summary>
    SchemeSummary,

    /// <summary>An indicator found xor'd in raw bytes.</summary>
    XorSweep,

    /// <summary>Something an unpacker refused.</summary>
    Archive,
}
