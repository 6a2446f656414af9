namespace Telltale.Team;

/// <summary>What became of a batch of gateway decisions: kept, or already kept from an earlier try of the same batch.</summary>
public sealed record GatewayDecisionsSaved(int Stored, int Duplicates);
