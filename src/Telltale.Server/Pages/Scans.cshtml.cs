using Telltale.Tracking.Store;

namespace Telltale.Server.Pages;

/// <summary>Every stored scan, newest first.</summary>
public sealed class ScansModel : DashboardPage
{
    private const int Limit = 500;

    public IReadOnlyList<StoredScanSummary> Scans { get; private set; } = [];

    public void OnGet() => Scans = Stores.Scans.List(limit: Limit);
}
