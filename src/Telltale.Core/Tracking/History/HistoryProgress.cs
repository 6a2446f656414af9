namespace Telltale.Tracking.History;

/// <summary>Where a multi-version run is, for a progress bar: one report per version started and per version finished.</summary>
/// <param name="Done">Versions finished (scanned or failed) so far.</param>
/// <param name="Total">Versions the run will look at; for a bisection, the most it can need.</param>
/// <param name="Version">The version this report is about.</param>
/// <param name="Step">What happened to it.</param>
/// <param name="Error">Why it failed, for <see cref="HistoryStep.Failed"/>.</param>
public sealed record HistoryProgress(int Done, int Total, string Version, HistoryStep Step, string? Error = null);
