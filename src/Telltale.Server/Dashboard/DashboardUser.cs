using System.Security.Claims;
using Telltale.Server.Auth;
using Telltale.Team;

namespace Telltale.Server.Dashboard;

/// <summary>What the signed-in token may do, for pages deciding which forms to show and handlers deciding what to refuse.</summary>
internal static class DashboardUser
{
    public static bool CanChangePolicy(this ClaimsPrincipal user) => TokenClaims.Role(user) >= TeamRole.Reviewer;

    public static string Describe(this ClaimsPrincipal user) =>
        TokenClaims.Role(user) is { } role ? $"{TokenClaims.TokenName(user)} ({TeamRoleNames.Name(role)})" : "";
}
