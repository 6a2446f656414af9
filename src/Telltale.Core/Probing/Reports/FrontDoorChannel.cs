namespace Telltale.Probing.Reports;

/// <summary>A channel the probe found without the front door, and whether the same channel still reached the upstream through it.</summary>
public sealed record FrontDoorChannel(ProbeDifference Channel, bool ReachesUpstream);
