namespace Telltale.Server.Contracts;

/// <summary>POST /api/v1/watches: an npm package, and optionally the versions covered and the platform scanned for.</summary>
internal sealed record CreateWatchRequest(string? Package, string? Range, string? Platform);
