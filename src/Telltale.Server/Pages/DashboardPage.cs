using Microsoft.AspNetCore.Mvc.RazorPages;
using Telltale.Server.Storage;

namespace Telltale.Server.Pages;

/// <summary>
/// The base of the dashboard's page models: the server's services by name. Page models are public for Razor Pages,
/// the services internal, so they are resolved here rather than taken as constructor parameters.
/// </summary>
public abstract class DashboardPage : PageModel
{
    internal ServerStores Stores => Service<ServerStores>();

    internal PolicyCache Policy => Service<PolicyCache>();

    internal FleetChecks Fleet => Service<FleetChecks>();

    internal PolicyPublisher Publisher => Service<PolicyPublisher>();

    internal DateTimeOffset Now => Service<TimeProvider>().GetUtcNow();

    private T Service<T>()
        where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();
}
