using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Telltale.Server.Auth;
using Telltale.Team;

namespace Telltale.Server.Dashboard;

/// <summary>
/// The dashboard: Razor Pages under <c>Pages/</c> behind the session cookie, and its scripts and styles served from the
/// assembly itself (embedded <c>wwwroot/</c>), so nothing is fetched from elsewhere and the strict Content-Security-Policy holds.
/// </summary>
internal static class DashboardSetup
{
    /// <summary>Scripts, styles, images and form posts from this server only; no inline script or style, no frames.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void AddDashboard(IServiceCollection services)
    {
        services.AddRazorPages(pages =>
        {
            // Viewers see everything; a page's write handlers ask for the reviewer role themselves.
            pages.Conventions.AuthorizeFolder("/", RequiredRole.PolicyName(TeamRole.Viewer));
            pages.Conventions.AllowAnonymousToPage("/Login");
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "telltale_antiforgery";
            antiforgery.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            antiforgery.SuppressXFrameOptionsHeader = false;
        });
    }

    public static void UseDashboardAssets(WebApplication app)
    {
        app.Use((http, next) =>
        {
            // The API's answers are JSON for programs and stay as they were; everything else is the dashboard's.
            if (!http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                var headers = http.Response.Headers;
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
            }

            return next(http);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(DashboardSetup).Assembly, "Telltale.Server.wwwroot"),
            OnPrepareResponse = file => file.Context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=3600",
        });
    }

    public static void MapDashboard(WebApplication app) => app.MapRazorPages();
}
