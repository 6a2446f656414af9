using Telltale.Team;

namespace Telltale.Server.Contracts;

/// <summary>A token just made, with its secret: shown this once, stored only as its SHA-256.</summary>
internal sealed record IssuedTokenResponse(long Id, string Name, string Role, DateTimeOffset CreatedAt, string Token)
{
    public static IssuedTokenResponse From(IssuedToken issued) =>
        new(issued.Token.Id, issued.Token.Name, TeamRoleNames.Name(issued.Token.Role), issued.Token.CreatedAt, issued.Secret);
}
