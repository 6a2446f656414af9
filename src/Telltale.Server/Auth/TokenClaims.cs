using System.Globalization;
using System.Security.Claims;
using Telltale.Team;

namespace Telltale.Server.Auth;

/// <summary>The token behind a request, as claims on its user, and back.</summary>
internal static class TokenClaims
{
    private const string TokenIdType = "telltale:token-id";
    private const string RoleType = "telltale:role";

    public static ClaimsPrincipal Principal(ApiToken token, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(TokenIdType, token.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, token.Name),
                new Claim(RoleType, TeamRoleNames.Name(token.Role)),
            ],
            scheme));

    /// <summary>The token's role; null for a request without a usable token.</summary>
    public static TeamRole? Role(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && TeamRoleNames.TryParse(user.FindFirstValue(RoleType), out var role) ? role : null;

    public static long? TokenId(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(TokenIdType), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? TokenName(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name);
}
