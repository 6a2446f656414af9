namespace Telltale.Server.Contracts;

/// <summary>The body of <c>POST /api/v1/scans/requests</c>: an npm target and, optionally, the platform whose packages are scanned with it.</summary>
internal sealed record ScanRequest(string? Target, string? Platform);
