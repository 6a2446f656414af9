namespace Telltale.Findings;

/// <summary>What was scanned: a package name and version when known, and the sha256 of the artifact as fetched.</summary>
public sealed record ScanTarget(string Name, string? Version, string Sha256, string Source);
