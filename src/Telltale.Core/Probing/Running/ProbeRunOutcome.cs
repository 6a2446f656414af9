namespace Telltale.Probing.Running;

/// <summary>A run as the probe saw it: what the comparison reads, plus how long it took and whether it was cut short.</summary>
public sealed record ProbeRunOutcome(ProbeRun Run, TimeSpan Duration, bool TimedOut);
