namespace Telltale.Server.Contracts;

/// <summary>How many findings a scan has at each severity.</summary>
internal sealed record SeverityCounts(int Critical, int High, int Medium, int Low, int Info);
