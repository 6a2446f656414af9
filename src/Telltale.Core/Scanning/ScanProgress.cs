namespace Telltale.Scanning;

/// <summary>Where a scan is, for a front end to show; analysis code never prints.</summary>
public sealed record ScanProgress(string Stage, string? Entry, int EntriesDone, long BytesDone);
