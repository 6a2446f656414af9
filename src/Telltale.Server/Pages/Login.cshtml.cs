using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Telltale.Server.Auth;
using Telltale.Team;

namespace Telltale.Server.Pages;

/// <summary>Signs a browser in with an API token: the token is checked against the store and only its id, name and role go into the cookie.</summary>
public sealed partial class LoginModel(ILoggerFactory logs) : DashboardPage
{
    private readonly ILogger _log = logs.CreateLogger("Telltale.Server.Auth");

    public string? Problem { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? token, string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        var found = string.IsNullOrWhiteSpace(token) ? null : Stores.Team.Authenticate(token.Trim());
        if (found is null)
        {
            LogRefused(_log, "unknown or revoked token");
            Problem = "That token is unknown or revoked.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        if (found.Role < TeamRole.Viewer)
        {
            LogRefused(_log, $"token {found.Id} is a machine token");
            Problem = "A machine token posts inventories; it cannot sign in to the dashboard. Use a viewer token or above.";
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        await HttpContext.SignInAsync(DashboardSession.SchemeName, TokenClaims.Principal(found, DashboardSession.SchemeName)).ConfigureAwait(false);
        LogSignedIn(_log, found.Id, TeamRoleNames.Name(found.Role));
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>Only a path on this server: a return address elsewhere would make the login page an open redirect.</summary>
    private string Local(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sign-in refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard sign-in with token {TokenId} ({Role})")]
    private static partial void LogSignedIn(ILogger logger, long tokenId, string role);
}
