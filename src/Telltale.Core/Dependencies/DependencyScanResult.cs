using Telltale.Findings;

namespace Telltale.Dependencies;

/// <summary>One package of a closure after its scan: its report, or why there is none.</summary>
/// <param name="Dependency">The package.</param>
/// <param name="Report">Its own report (paths as in a scan of it alone); null when it could not be had.</param>
/// <param name="Failure">Why it was not scanned; null when <paramref name="Report"/> is set.</param>
public sealed record DependencyScanResult(ResolvedDependency Dependency, ScanReport? Report, IncompleteAnalysis? Failure);
