namespace Telltale.Probing.Running;

/// <summary>
/// A run's decisions from the front door, and whether they are all there: false when the drain stopped waiting before
/// every forwarded request had its decision, so the report says the run's front-door record is incomplete rather than
/// showing fewer changes than were made.
/// </summary>
public sealed record FrontDoorDrain(IReadOnlyList<FrontDoorDecision> Decisions, bool Complete);
