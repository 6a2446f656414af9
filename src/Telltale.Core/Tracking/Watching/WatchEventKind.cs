namespace Telltale.Tracking.Watching;

/// <summary>What changed between a new version and the one before it.</summary>
public enum WatchEventKind
{
    /// <summary>A behaviour at or above the watch's severity that the previous version did not have at that severity.</summary>
    Introduced,

    /// <summary>A behaviour the previous version had at or above the watch's severity that the new one no longer has at it.</summary>
    Removed,
}
