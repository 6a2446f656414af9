namespace Telltale.Server.Contracts;

/// <param name="Status"><c>ok</c>, or <c>unavailable</c> when the store cannot be read.</param>
internal sealed record HealthResponse(string Status, string Version);
