namespace Telltale.Tracking.History;

/// <summary>What just happened to one version of a multi-version run.</summary>
public enum HistoryStep
{
    /// <summary>Its scan (or stored report) was asked for.</summary>
    Started,

    /// <summary>Its report is in.</summary>
    Scanned,

    /// <summary>It could not be had (unpublished tarball, integrity mismatch, registry errors); the run goes on without it.</summary>
    Failed,
}
