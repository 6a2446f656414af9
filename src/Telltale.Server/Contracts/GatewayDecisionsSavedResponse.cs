namespace Telltale.Server.Contracts;

/// <summary>The answer to a batch of gateway decisions: how many were new, and how many had been sent before (a retry).</summary>
internal sealed record GatewayDecisionsSavedResponse(int Stored, int Duplicates);
