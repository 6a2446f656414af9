namespace Telltale.Team;

/// <summary>
/// Who is writing and through which request: every write method of <see cref="ITeamStore"/> takes one and records it
/// in the audit log in the same transaction as the write, so no write is kept without its audit row.
/// </summary>
/// <param name="TokenId">The token that authorised the write; null for <c>serve --init</c>, which runs on the server itself.</param>
/// <param name="TokenName">The token's name at the time (kept even if the token is later revoked).</param>
/// <param name="Role">The token's role.</param>
/// <param name="Method">The HTTP method (<c>POST</c>, <c>PUT</c>, <c>DELETE</c>), or <c>CLI</c>.</param>
/// <param name="Route">The route template (<c>/api/v1/tokens/{id}</c>), not the raw path, so entries group by endpoint.</param>
public sealed record AuditContext(long? TokenId, string TokenName, TeamRole Role, string Method, string Route)
{
    /// <summary>The actor of <c>telltale serve --init</c>: the operator at the server's console.</summary>
    public static AuditContext ServerConsole(string command) => new(null, "server console", TeamRole.Admin, "CLI", command);
}
