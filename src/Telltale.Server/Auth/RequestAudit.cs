using Microsoft.AspNetCore.Routing;
using Telltale.Team;

namespace Telltale.Server.Auth;

/// <summary>The <see cref="AuditContext"/> of a request that passed authorisation: its token, method and route template.</summary>
internal static class RequestAudit
{
    public static AuditContext Of(HttpContext http)
    {
        var user = http.User;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";

        // A dashboard page's template is kept without its leading '/'; the audit names every route from the root.
        route = route.StartsWith('/') ? route : "/" + route;
        return new AuditContext(
            TokenClaims.TokenId(user),
            TokenClaims.TokenName(user) ?? "?",
            TokenClaims.Role(user) ?? throw new InvalidOperationException("A write was reached without an authenticated token; every write endpoint requires a role."),
            http.Request.Method,
            route);
    }
}
