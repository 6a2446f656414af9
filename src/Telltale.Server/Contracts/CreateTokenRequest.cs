namespace Telltale.Server.Contracts;

/// <summary>The body of <c>POST /api/v1/tokens</c>.</summary>
/// <param name="Name">Who or what will hold it; 1 to 100 visible characters.</param>
/// <param name="Role"><c>machine</c>, <c>viewer</c>, <c>reviewer</c> or <c>admin</c>.</param>
internal sealed record CreateTokenRequest(string? Name, string? Role);
