using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Team;
using Telltale.Tracking.Store;
using Telltale.Tracking.Watching;

namespace Telltale.Tests.Jobs;

/// <summary>The watch store's promises the jobs rely on: a claim, a comparison and a failure each happen once, and list changes are audited.</summary>
public sealed class SqliteWatchStoreTests : IDisposable
{
    private static readonly AuditContext Reviewer = new(7, "ci", TeamRole.Reviewer, "POST", "/api/v1/watches");

    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-watch-store-").FullName;

    private string DatabasePath => Path.Combine(_folder, "scans.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_version_is_claimed_once_even_by_two_connections_as_two_workers_would()
    {
        using var first = new SqliteWatchStore(DatabasePath);
        using var second = new SqliteWatchStore(DatabasePath);
        var (watch, _) = first.AddWatch("tool", null, "none", Reviewer);

        var claimed = first.ClaimVersion(watch.Id, "tool", "1.0.0", null, null, "none");
        var again = second.ClaimVersion(watch.Id, "tool", "1.0.0", null, null, "none");

        Assert.NotNull(claimed);
        Assert.Null(again);
        Assert.Single(second.ListVersions(watch.Id));
    }

    [Fact]
    public void A_comparison_keeps_its_alerts_once_and_a_failure_is_recorded_once()
    {
        using var store = new SqliteWatchStore(DatabasePath);
        var (watch, _) = store.AddWatch("tool", ">=1.0.0", "none", Reviewer);
        var version = store.ClaimVersion(watch.Id, "tool", "1.0.1", "1.0.0", null, "none")!;
        var alert = WatchAlert.Failure(watch.Id, "tool", "1.0.1", "placeholder", DateTimeOffset.UnixEpoch) with { Kind = "introduced", Severity = Severity.Critical, Text = "new critical" };

        Assert.Single(store.RecordComparison(version.Id, [alert]));
        Assert.Empty(store.RecordComparison(version.Id, [alert]));
        Assert.True(store.GetVersion(version.Id)!.Compared);

        var broken = store.ClaimVersion(watch.Id, "tool", "1.0.2", "1.0.1", null, "none")!;
        // Only the first line of a reason is kept: alerts are one line.
        var failure = WatchAlert.Failure(watch.Id, "tool", "1.0.2", "404\nfrom the registry", DateTimeOffset.UnixEpoch);
        Assert.NotNull(store.RecordFailure(broken.Id, failure));
        Assert.Null(store.RecordFailure(broken.Id, failure));
        Assert.Equal(["could not scan npm:tool@1.0.2: 404", "new critical"], store.ListAlerts(10).Select(a => a.Text));
        Assert.Equal(Severity.Critical, store.ListAlerts(10)[1].Severity);
    }

    [Fact]
    public void Completing_a_scan_counts_the_run_and_whether_it_was_a_fresh_scan()
    {
        using var store = new SqliteWatchStore(DatabasePath);
        var (watch, _) = store.AddWatch("tool", null, "none", Reviewer);
        var version = store.ClaimVersion(watch.Id, "tool", "1.0.0", null, null, "none")!;

        var done = store.CompleteScan(version.Id, freshScan: false);

        Assert.Equal((0, 1), (done.Scans, done.Runs));
        Assert.NotNull(done.CompletedAt);
        Assert.Equal((1, 2), (store.CompleteScan(version.Id, freshScan: true).Scans, store.GetVersion(version.Id)!.Runs));
    }

    [Fact]
    public void Adding_and_removing_a_watch_is_audited_and_adding_it_again_writes_nothing()
    {
        using var store = new SqliteWatchStore(DatabasePath);
        using var team = new SqliteTeamStore(DatabasePath);

        var (watch, created) = store.AddWatch("tool", "^1", "linux-x64", Reviewer);
        var (same, createdAgain) = store.AddWatch("tool", "^2", "linux-x64", Reviewer);
        var (other, createdOther) = store.AddWatch("tool", null, "none", Reviewer);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal((watch.Id, "^1"), (same.Id, same.Range));
        Assert.True(createdOther);
        Assert.Equal([$"watch:{other.Id}", $"watch:{watch.Id}"], team.ListAudit(10).Select(a => a.Entity));
        Assert.True(store.RemoveWatch(watch.Id, Reviewer with { Method = "DELETE" }));
        Assert.False(store.RemoveWatch(watch.Id, Reviewer with { Method = "DELETE" }));
        Assert.Equal(3, team.ListAudit(10).Count);
        Assert.Equal([other.Id], store.ListWatches().Select(w => w.Id));
        Assert.Null(store.GetWatch(watch.Id));
    }

    [Fact]
    public void A_watch_covers_the_releases_in_its_range_or_from_its_baseline_on()
    {
        NpmVersionInfo[] published = [new("0.9.0", null), new("1.0.0", null), new("1.1.0-rc.1", null), new("1.1.0", null), new("2.0.0", null)];

        Assert.Equal(["1.0.0", "1.1.0"], WatchPlan.Versions(published, "^1.0.0", null).Select(v => v.Version));
        Assert.Equal(["1.1.0", "2.0.0"], WatchPlan.Versions(published, null, "1.1.0").Select(v => v.Version));
        Assert.Equal(["2.0.0"], WatchPlan.Versions(published, null, null).Select(v => v.Version));
        Assert.True(WatchPlan.IsRange(">=1.0.0 <2"));
        Assert.False(WatchPlan.IsRange("not a range"));
    }
}
