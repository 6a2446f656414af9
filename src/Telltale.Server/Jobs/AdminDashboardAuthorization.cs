using Hangfire.Dashboard;
using Telltale.Server.Auth;
using Telltale.Team;

namespace Telltale.Server.Jobs;

/// <summary>
/// Hangfire's dashboard for admin tokens only, by the API's own token authentication: the route requires the admin role
/// already, and this filter says the same to Hangfire, whose default would let any local request in.
/// </summary>
internal sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        TokenClaims.Role(context.GetHttpContext().User) == TeamRole.Admin;
}
