using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Telltale.Server.Auth;

namespace Telltale.Server.Pages;

/// <summary>Ends the browser's session; a post only, so a link on another site cannot sign anyone out.</summary>
public sealed class LogoutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(DashboardSession.SchemeName).ConfigureAwait(false);
        return Redirect(DashboardSession.LoginPath);
    }
}
