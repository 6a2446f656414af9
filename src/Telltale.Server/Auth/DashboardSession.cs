using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Telltale.Server.Storage;
using Telltale.Team;

namespace Telltale.Server.Auth;

/// <summary>
/// The dashboard's sign-in: a cookie carrying the id, name and role of the API token the user typed in, never the
/// secret. The token is looked up again on every request, so revoking it signs the browser out at once.
/// </summary>
internal static class DashboardSession
{
    public const string SchemeName = "DashboardCookie";

    /// <summary>The scheme every request is authenticated by: it picks the bearer token for the API, the cookie for the pages.</summary>
    public const string SelectorSchemeName = "BearerOrCookie";

    public const string CookieName = "telltale_session";

    public const string LoginPath = "/login";

    /// <summary>A sign-in lasts a working day at most; the token's revocation ends it sooner.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static AuthenticationBuilder AddDashboardSession(this AuthenticationBuilder authentication) =>
        authentication
            .AddCookie(SchemeName, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.Path = "/";
                cookie.ExpireTimeSpan = Lifetime;
                cookie.SlidingExpiration = false;
                cookie.LoginPath = LoginPath;
                cookie.LogoutPath = "/logout";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateAsync,

                    // A signed-in user without the role gets a plain 403 page, not a redirect to a login they already passed.
                    OnRedirectToAccessDenied = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    },
                };
            })
            .AddPolicyScheme(SelectorSchemeName, null, selector => selector.ForwardDefaultSelector = http =>
                http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || http.Request.Headers.Authorization.Count > 0
                    ? TokenAuthenticationHandler.SchemeName
                    : SchemeName);

    /// <summary>The token behind the cookie must still be usable, and its role still the one the cookie carries.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var stores = context.HttpContext.RequestServices.GetRequiredService<ServerStores>();
        var id = context.Principal is { } user ? TokenClaims.TokenId(user) : null;
        var token = id is null ? null : stores.Team.ListTokens().FirstOrDefault(t => t.Id == id);
        if (token is null || token.IsRevoked || token.Role < TeamRole.Viewer || token.Role != TokenClaims.Role(context.Principal!))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName).ConfigureAwait(false);
        }
    }
}
