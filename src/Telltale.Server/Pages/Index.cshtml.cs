using Telltale.Policy;
using Telltale.Server.Storage;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Server.Pages;

/// <summary>The overview: what the policy bans, what changed in the last seven days, and which machines fail.</summary>
public sealed class IndexModel : DashboardPage
{
    /// <summary>What "this week" means on the overview.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromDays(7);

    private const int RecentLimit = 200;

    public IReadOnlyList<PolicyEntry> Banned { get; private set; } = [];

    public IReadOnlyList<StoredScanSummary> RecentScans { get; private set; } = [];

    public IReadOnlyList<StoredTimeline> RecentHistories { get; private set; } = [];

    public IReadOnlyList<StoredPolicy> RecentPolicies { get; private set; } = [];

    internal IReadOnlyList<MachineCheck> Failing { get; private set; } = [];

    public int MachineCount { get; private set; }

    public int Warning { get; private set; }

    public bool HasPolicy { get; private set; }

    public DateTimeOffset Since { get; private set; }

    public void OnGet()
    {
        Since = Now - Recent;
        var policy = Policy.Current();
        HasPolicy = policy.Stored is not null;
        Banned = policy.Document.Entries.Where(e => e.Status == PolicyStatus.Banned).ToList();
        RecentScans = Stores.Scans.List(limit: RecentLimit).Where(s => s.ScannedAt >= Since).ToList();
        RecentHistories = Stores.Scans.ListTimelines(limit: RecentLimit).Where(t => t.MadeAt >= Since).ToList();
        RecentPolicies = Stores.Team.ListPolicies(RecentLimit).Where(p => p.SavedAt >= Since).ToList();
        var machines = Fleet.All();
        MachineCount = machines.Count;
        Failing = machines.Where(m => m.Report.Failures > 0).ToList();
        Warning = machines.Count(m => m.Report.Failures == 0 && m.Report.Warnings > 0);
    }
}
