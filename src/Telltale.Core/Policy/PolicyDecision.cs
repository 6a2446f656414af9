namespace Telltale.Policy;

/// <summary>Who decided an entry, and when.</summary>
public sealed record PolicyDecision(string By, DateOnly On);
