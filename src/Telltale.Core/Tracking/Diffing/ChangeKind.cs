namespace Telltale.Tracking.Diffing;

/// <summary>
/// What happened to a finding or a capability between the old and the new report. Declared in the order
/// listings rank them: what is new first, what is gone last.
/// </summary>
public enum ChangeKind
{
    /// <summary>Only in the new report.</summary>
    Added,

    /// <summary>In both, with another severity, other items, capabilities or capacity.</summary>
    Changed,

    /// <summary>Only in the old report.</summary>
    Removed,

    /// <summary>In both and the same, wherever it moved and however its code was renamed.</summary>
    Unchanged,
}
