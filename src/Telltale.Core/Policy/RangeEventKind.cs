namespace Telltale.Policy;

/// <summary>OSV's range events: where affected versions start and stop.</summary>
public enum RangeEventKind
{
    /// <summary>This version and later ones are affected, up to the next fixed or last_affected event.</summary>
    Introduced,

    /// <summary>This version is the first that is no longer affected.</summary>
    Fixed,

    /// <summary>This version is the last that is affected.</summary>
    LastAffected,
}
