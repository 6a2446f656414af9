using Telltale.Team;

namespace Telltale.Server.Pages;

/// <summary>The registry watches and their alerts, newest first: what the background jobs found in new releases.</summary>
public sealed class WatchesModel : DashboardPage
{
    private const int AlertLimit = 200;

    public IReadOnlyList<WatchedPackage> Watches { get; private set; } = [];

    public IReadOnlyList<WatchAlert> Alerts { get; private set; } = [];

    public void OnGet()
    {
        var store = HttpContext.RequestServices.GetRequiredService<IWatchStore>();
        Watches = store.ListWatches();
        Alerts = store.ListAlerts(AlertLimit);
    }
}
