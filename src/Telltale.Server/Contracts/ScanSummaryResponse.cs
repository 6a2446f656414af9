using Telltale.Tracking.Store;

namespace Telltale.Server.Contracts;

/// <summary>One stored scan in <c>GET /api/v1/scans</c>, read from the table without decoding its report.</summary>
internal sealed record ScanSummaryResponse(
    string Sha256,
    string Name,
    string? Version,
    string Source,
    string? Platform,
    string ToolVersion,
    DateTimeOffset ScannedAt,
    SeverityCounts Findings,
    bool Uploaded)
{
    /// <summary>What an uploaded report is stored under instead of a <see cref="ScanFingerprint"/>: it never stands in for a scan the server makes itself.</summary>
    public const string UploadedFingerprintPrefix = "uploaded:";

    public static ScanSummaryResponse From(StoredScanSummary scan) => new(
        scan.Sha256, scan.Name, scan.Version, scan.Source, scan.Platform, scan.ToolVersion, scan.ScannedAt,
        new SeverityCounts(scan.Critical, scan.High, scan.Medium, scan.Low, scan.Info),
        scan.Fingerprint.StartsWith(UploadedFingerprintPrefix, StringComparison.Ordinal));
}
