using Telltale.Team;

namespace Telltale.Server.Contracts;

/// <summary>A token as listed: never its secret, which only the response that made it carried.</summary>
internal sealed record TokenResponse(long Id, string Name, string Role, DateTimeOffset CreatedAt, long? CreatedBy, DateTimeOffset? RevokedAt)
{
    public static TokenResponse From(ApiToken token) =>
        new(token.Id, token.Name, TeamRoleNames.Name(token.Role), token.CreatedAt, token.CreatedBy, token.RevokedAt);
}
