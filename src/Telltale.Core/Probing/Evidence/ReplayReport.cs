using Telltale.Probing.Reports;

namespace Telltale.Probing.Evidence;

/// <summary>A replay: the bundle, what of its command had changed (only when replaying anyway), the fresh probe and the verdict per channel.</summary>
public sealed record ReplayReport(EvidenceBundle Bundle, IReadOnlyList<ProgramChange> ChangedPrograms, ProbeReport Probe, ReplayVerdict Verdict);
