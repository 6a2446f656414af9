using Telltale.Findings;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Jobs;

/// <summary>
/// The watch store's promises the jobs rely on, whatever keeps it (<see cref="SqliteWatchStore"/> and
/// <see cref="PostgresWatchStore"/> run the same tests): a claim, a comparison and a failure each happen once, even
/// from several connections as several workers would make, and list changes are audited.
/// </summary>
public abstract class WatchStoreContractTests : IAsyncLifetime
{
    private static readonly AuditContext Reviewer = new(7, "ci", TeamRole.Reviewer, "POST", "/api/v1/watches");

    protected abstract IWatchStore OpenWatches();

    /// <summary>The team store of the same file or database, whose audit log the watch store writes to.</summary>
    protected abstract ITeamStore OpenTeam();

    /// <summary>Sets the watch tables' recorded schema version, as a newer telltale would have left it.</summary>
    protected abstract Task SetSchemaVersionAsync(int version);

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public void A_version_is_claimed_once_even_by_two_connections_as_two_workers_would()
    {
        using var first = OpenWatches();
        using var second = OpenWatches();
        var (watch, _) = first.AddWatch("tool", null, "none", Reviewer);

        var claimed = first.ClaimVersion(watch.Id, "tool", "1.0.0", null, null, "none");
        var again = second.ClaimVersion(watch.Id, "tool", "1.0.0", null, null, "none");

        Assert.NotNull(claimed);
        Assert.Null(again);
        Assert.Single(second.ListVersions(watch.Id));
        Assert.Equal(claimed, second.GetVersion(claimed.Id));
    }

    [Fact]
    public void Four_connections_racing_over_the_same_versions_claim_and_compare_each_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => OpenWatches()).ToList();
        try
        {
            var (watch, _) = stores[0].AddWatch("tool", null, "none", Reviewer);
            var versions = Enumerable.Range(0, 40).Select(i => $"1.0.{i}").ToList();
            var claims = new int[versions.Count];
            var kept = new int[versions.Count];
            Parallel.ForEach(stores, new ParallelOptions { MaxDegreeOfParallelism = stores.Count }, store =>
            {
                for (var i = 0; i < versions.Count; i++)
                {
                    if (store.ClaimVersion(watch.Id, "tool", versions[i], null, null, "none") is not null)
                    {
                        Interlocked.Increment(ref claims[i]);
                    }

                    var version = store.FindVersion(watch.Id, versions[i])!;
                    var alert = WatchAlert.Failure(watch.Id, "tool", versions[i], "placeholder", DateTimeOffset.UnixEpoch) with { Kind = "introduced", Text = versions[i] };
                    Interlocked.Add(ref kept[i], store.RecordComparison(version.Id, [alert]).Count);
                }
            });

            Assert.All(claims, count => Assert.Equal(1, count));
            Assert.All(kept, count => Assert.Equal(1, count));
            Assert.Equal(versions.Order(StringComparer.Ordinal), stores[0].ListAlerts(100).Select(a => a.Text).Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }

    [Fact]
    public void A_comparison_keeps_its_alerts_once_and_a_failure_is_recorded_once()
    {
        using var store = OpenWatches();
        var (watch, _) = store.AddWatch("tool", ">=1.0.0", "none", Reviewer);
        var version = store.ClaimVersion(watch.Id, "tool", "1.0.1", "1.0.0", null, "none")!;
        var alert = WatchAlert.Failure(watch.Id, "tool", "1.0.1", "placeholder", DateTimeOffset.UnixEpoch) with { Kind = "introduced", Severity = Severity.Critical, Text = "new critical" };

        Assert.Single(store.RecordComparison(version.Id, [alert]));
        Assert.Empty(store.RecordComparison(version.Id, [alert]));
        Assert.True(store.GetVersion(version.Id)!.Compared);
        Assert.Equal([version.Id], store.Following(watch.Id, "1.0.0").Select(v => v.Id));

        var broken = store.ClaimVersion(watch.Id, "tool", "1.0.2", "1.0.1", null, "none")!;
        // Only the first line of a reason is kept: alerts are one line.
        var failure = WatchAlert.Failure(watch.Id, "tool", "1.0.2", "404\nfrom the registry", DateTimeOffset.UnixEpoch);
        Assert.NotNull(store.RecordFailure(broken.Id, failure));
        Assert.Null(store.RecordFailure(broken.Id, failure));
        Assert.Equal("could not scan npm:tool@1.0.2: 404", store.GetVersion(broken.Id)!.Failure);
        Assert.Equal(["could not scan npm:tool@1.0.2: 404", "new critical"], store.ListAlerts(10).Select(a => a.Text));
        var alerts = store.ListAlerts(10);
        Assert.Equal((Severity.Critical, (Severity?)null), (alerts[1].Severity, alerts[0].Severity));
        Assert.Equal(DateTimeOffset.UnixEpoch, alerts[0].CreatedAt);
        Assert.Equal(["new critical"], store.ListAlerts(10, beforeId: alerts[0].Id).Select(a => a.Text));
    }

    [Fact]
    public void Completing_a_scan_counts_the_run_and_whether_it_was_a_fresh_scan()
    {
        using var store = OpenWatches();
        var (watch, _) = store.AddWatch("tool", null, "none", Reviewer);
        var version = store.ClaimVersion(watch.Id, "tool", "1.0.0", null, null, "none")!;

        var done = store.CompleteScan(version.Id, freshScan: false);

        Assert.Equal((0, 1), (done.Scans, done.Runs));
        Assert.NotNull(done.CompletedAt);
        Assert.Equal((1, 2), (store.CompleteScan(version.Id, freshScan: true).Scans, store.GetVersion(version.Id)!.Runs));
        Assert.Throws<StoreException>(() => store.CompleteScan(version.Id + 1000, freshScan: true));
    }

    [Fact]
    public void A_claim_without_a_job_is_found_until_its_job_is_recorded()
    {
        using var store = OpenWatches();
        var (watch, _) = store.AddWatch("tool", null, "none", Reviewer);
        var published = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(2));
        var version = store.ClaimVersion(watch.Id, "tool", "1.0.0", null, published, "none")!;

        Assert.Empty(store.UnqueuedClaims(version.ClaimedAt));
        var unqueued = Assert.Single(store.UnqueuedClaims(version.ClaimedAt.AddSeconds(1)));
        Assert.Equal(published, unqueued.PublishedAt);
        store.SetJob(version.Id, "job-1");
        Assert.Empty(store.UnqueuedClaims(version.ClaimedAt.AddSeconds(1)));
        Assert.Equal("job-1", store.FindVersion(watch.Id, "1.0.0")!.JobId);
    }

    [Fact]
    public void A_claim_remembers_the_poll_that_made_it_until_its_job_is_recorded()
    {
        using var store = OpenWatches();
        var (watch, _) = store.AddWatch("tool", null, "none", Reviewer);
        var mine = store.ClaimVersion(watch.Id, "tool", "1.0.0", null, null, "none", "poll-1")!;
        store.ClaimVersion(watch.Id, "tool", "1.0.1", "1.0.0", null, "none", "poll-2");
        store.ClaimVersion(watch.Id, "tool", "1.0.2", "1.0.1", null, "none");
        Assert.Null(store.ClaimVersion(watch.Id, "tool", "1.0.0", null, null, "none", "poll-2"));

        Assert.Equal("poll-1", store.FindVersion(watch.Id, "1.0.0")!.ClaimedBy);
        Assert.Null(store.FindVersion(watch.Id, "1.0.2")!.ClaimedBy);
        Assert.Equal(["1.0.0"], store.UnqueuedClaimsBy("poll-1").Select(v => v.Version));
        store.SetJob(mine.Id, "job-1");
        Assert.Empty(store.UnqueuedClaimsBy("poll-1"));
        Assert.Equal(["1.0.1"], store.UnqueuedClaimsBy("poll-2").Select(v => v.Version));
    }

    [Fact]
    public void A_baseline_is_set_once()
    {
        using var store = OpenWatches();
        var (watch, _) = store.AddWatch("tool", null, "none", Reviewer);

        Assert.Equal("1.0.0", store.SetBaseline(watch.Id, "1.0.0")!.Baseline);
        Assert.Equal("1.0.0", store.SetBaseline(watch.Id, "2.0.0")!.Baseline);
        Assert.Equal("1.0.0", store.GetWatch(watch.Id)!.Baseline);
    }

    [Fact]
    public void Adding_and_removing_a_watch_is_audited_and_adding_it_again_writes_nothing()
    {
        using var store = OpenWatches();
        using var team = OpenTeam();

        var (watch, created) = store.AddWatch("tool", "^1", "linux-x64", Reviewer);
        var (same, createdAgain) = store.AddWatch("tool", "^2", "linux-x64", Reviewer);
        var (other, createdOther) = store.AddWatch("tool", null, "none", Reviewer);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal((watch.Id, "^1"), (same.Id, same.Range));
        Assert.Equal(watch, store.GetWatch(watch.Id));
        Assert.True(createdOther);
        Assert.Equal([$"watch:{other.Id}", $"watch:{watch.Id}"], team.ListAudit(10).Select(a => a.Entity));
        Assert.True(store.RemoveWatch(watch.Id, Reviewer with { Method = "DELETE" }));
        Assert.False(store.RemoveWatch(watch.Id, Reviewer with { Method = "DELETE" }));
        Assert.Equal(3, team.ListAudit(10).Count);
        Assert.Equal("DELETE", team.ListAudit(10)[0].Method);
        Assert.Equal([other.Id], store.ListWatches().Select(w => w.Id));
        Assert.Null(store.GetWatch(watch.Id));

        // Removed, the package may be watched again, as a new watch.
        var (again, createdOnceMore) = store.AddWatch("tool", "^3", "linux-x64", Reviewer);
        Assert.True(createdOnceMore);
        Assert.NotEqual(watch.Id, again.Id);
    }

    [Fact]
    public async Task Watch_tables_from_a_newer_telltale_are_refused()
    {
        using (var store = OpenWatches())
        {
            store.AddWatch("tool", null, "none", Reviewer);
        }

        await SetSchemaVersionAsync(99);

        var refusal = Assert.Throws<StoreException>(OpenWatches);
        Assert.Contains("newer telltale", refusal.Message, StringComparison.Ordinal);
    }
}
