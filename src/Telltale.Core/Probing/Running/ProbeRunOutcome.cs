namespace Telltale.Probing.Running;

/// <summary>A run as the probe saw it: what the comparison reads, plus how long it took and whether it was cut short.</summary>
public sealed record ProbeRunOutcome(ProbeRun Run, TimeSpan Duration, bool TimedOut)
{
    /// <summary>What the front door (<see cref="ProbeOptions.FrontDoor"/>) did with each of the run's requests; empty without one.</summary>
    public IReadOnlyList<FrontDoorDecision> FrontDoorDecisions { get; init; } = [];

    /// <summary>False when the front door's record of this run is incomplete (<see cref="FrontDoorDrain.Complete"/>).</summary>
    public bool FrontDoorComplete { get; init; } = true;

    /// <summary>How the run was isolated (<see cref="Telltale.Probing.Isolation.IsolatedNetwork.Description"/>).</summary>
    public string Isolation { get; init; } = "";
}
