using Telltale.Team;

namespace Telltale.Server.Contracts;

internal sealed record AuditEntryResponse(long Id, DateTimeOffset At, long? TokenId, string TokenName, string Role, string Method, string Route, string? Entity)
{
    public static AuditEntryResponse From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.TokenId, entry.TokenName, TeamRoleNames.Name(entry.Role), entry.Method, entry.Route, entry.Entity);
}
