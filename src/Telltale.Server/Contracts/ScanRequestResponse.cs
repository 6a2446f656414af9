namespace Telltale.Server.Contracts;

/// <summary>
/// A requested scan: its job, what it scans, and where it stands (<c>Enqueued</c>, <c>Processing</c>, <c>Scheduled</c> for a
/// retry, <c>Succeeded</c>, <c>Failed</c>); once succeeded, the sha256 of the stored report (<c>GET /api/v1/scans/{sha256}</c>).
/// </summary>
internal sealed record ScanRequestResponse(string Id, string Target, string Platform, string State, string? Sha256, string? Reason);
