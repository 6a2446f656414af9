using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Telltale.Server.Jobs;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Jobs;

/// <summary>Registry watching on one node (SQLite for the stores and the queue), against a fake registry on loopback.</summary>
public sealed class WatchJobTests
{
    private static string NewPackage() => "tt-watch-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_watch_scans_each_version_once_alerts_where_the_behaviour_comes_and_goes_and_a_second_poll_queues_nothing()
    {
        await using var node = await WatchNode.StartAsync();
        var package = NewPackage();
        node.Registry.Publish(package, "1.0.0", "module.exports = () => 'hello';\n");
        node.Registry.Publish(package, "1.0.1", "module.exports = () => 'hello, again';\n");
        node.Registry.Publish(package, "1.0.2", FakeNpmRegistry.CovertCode);
        node.Registry.Publish(package, "1.0.3", FakeNpmRegistry.CovertCode + "\nexports.version = '1.0.3';\n");
        node.Registry.Publish(package, "1.0.4", "module.exports = () => 'clean again';\n");

        var watchId = await node.WatchAsync(package, ">=1.0.0");

        using var watches = node.OpenWatchStore();
        await Waiting.UntilAsync(() => watches.ListVersions(watchId) is { Count: 5 } all && all.All(v => v.Compared),
            "every version scanned and compared", () => Describe(watches.ListVersions(watchId)));

        var versions = watches.ListVersions(watchId);
        Assert.Equal(["1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4"], versions.Select(v => v.Version));
        Assert.All(versions, v => Assert.Equal((1, 1, (string?)null), (v.Scans, v.Runs, v.Failure)));
        using (var scans = new ScanStore(node.DatabasePath))
        {
            var stored = scans.List(package);
            Assert.Equal(5, stored.Count);
            Assert.Equal(5, stored.Select(s => s.Version).Distinct().Count());
        }

        var viewer = node.Client(await node.TokenAsync(TeamRole.Viewer));
        using var alerts = JsonDocument.Parse(await viewer.GetStringAsync("/api/v1/watches/alerts"));
        var list = alerts.RootElement.EnumerateArray().Select(a => (Kind: a.GetProperty("kind").GetString(), Version: a.GetProperty("version").GetString(), Id: a.GetProperty("id").GetInt64(),
            Severity: a.GetProperty("severity").GetString(), Text: a.GetProperty("text").GetString()!)).ToList();
        Assert.Contains(list, a => a is { Kind: "introduced", Version: "1.0.2" } && a.Severity is "critical" or "high");
        Assert.All(list, a => Assert.True(a is { Kind: "introduced", Version: "1.0.2" } or { Kind: "removed", Version: "1.0.4" }, $"unexpected alert: {a.Text}"));
        Assert.Contains(list, a => a is { Kind: "removed", Version: "1.0.4" });
        Assert.Equal(list.Select(a => a.Id).OrderDescending(), list.Select(a => a.Id));
        Assert.Contains(list, a => a.Text.StartsWith($"npm:{package}@1.0.2 (after 1.0.1): new ", StringComparison.Ordinal));

        // Delivered after the comparison is recorded, so waited for: every alert once to the webhook and once to the file.
        await Waiting.UntilAsync(() => WebhookBodies(node).Count == list.Count, "the webhook to receive every alert", () => $"{WebhookBodies(node).Count} of {list.Count} received");
        Assert.Equal(list.Select(a => a.Text).Order(), WebhookBodies(node).Select(b => JsonDocument.Parse(b).RootElement.GetProperty("text").GetString()).Order());
        var lines = await File.ReadAllLinesAsync(node.AlertsPath);
        Assert.Equal(list.Select(a => a.Text).Order(), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()).Order());

        // Polling again finds every version claimed: nothing is queued, no job is made.
        var storage = node.Server.Services.GetRequiredService<JobStorage>();
        var jobsBefore = JobCount(storage);
        var poll = node.Server.Services.GetRequiredService<WatchPollJob>();
        Assert.Equal(0, await poll.PollAsync(watchId, null, CancellationToken.None));
        Assert.Equal(jobsBefore, JobCount(storage));
        Assert.Equal(5, watches.ListVersions(watchId).Count);
    }

    [Fact]
    public async Task A_claim_left_without_a_job_by_a_poll_that_died_is_enqueued_by_that_polls_next_attempt_and_by_no_other_poll()
    {
        await using var node = await WatchNode.StartAsync();
        var package = NewPackage();
        node.Registry.Publish(package, "4.0.0", "module.exports = 0;\n");
        node.Registry.Publish(package, "4.0.1", "module.exports = 1;\n");
        node.Registry.Publish(package, "4.0.2", "module.exports = 2;\n");
        using var watches = node.OpenWatchStore();

        // Made in the store, not through the API, so no poll of the server's runs beside the ones below.
        var (watch, _) = watches.AddWatch(package, ">=4.0.0", "none", new AuditContext(1, "test", TeamRole.Admin, "POST", "/api/v1/watches"));

        // The poll job "dead-poll" claimed the first version and its worker died before the enqueue.
        var left = watches.ClaimVersion(watch.Id, package, "4.0.0", null, null, "none", "dead-poll")!;
        Assert.Equal([left.Id], watches.UnqueuedClaimsBy("dead-poll").Select(v => v.Id));

        // Another poll finds the claim taken and leaves it alone: its poll may be a moment from enqueuing it.
        var poll = node.Server.Services.GetRequiredService<WatchPollJob>();
        Assert.Equal(2, await poll.PollAsJobAsync(watch.Id, "other-poll", CancellationToken.None));
        Assert.Null(watches.GetVersion(left.Id)!.JobId);

        // The dead poll's next attempt (the same job) enqueues it, and claims nothing twice.
        Assert.Equal(1, await poll.PollAsJobAsync(watch.Id, "dead-poll", CancellationToken.None));
        Assert.NotNull(watches.GetVersion(left.Id)!.JobId);
        Assert.Empty(watches.UnqueuedClaimsBy("dead-poll"));
        Assert.Equal(0, await poll.PollAsJobAsync(watch.Id, "dead-poll", CancellationToken.None));

        await Waiting.UntilAsync(() => watches.ListVersions(watch.Id) is { Count: 3 } versions && versions.All(v => v.Compared),
            "every version scanned and compared", () => Describe(watches.ListVersions(watch.Id)));
        Assert.All(watches.ListVersions(watch.Id), v => Assert.Equal((1, 1), (v.Scans, v.Runs)));
    }

    [Fact]
    public async Task Jobs_still_queued_or_running_when_the_server_stops_finish_once_after_it_restarts()
    {
        await using var node = await WatchNode.StartAsync(options => options with { Workers = 1 });
        var package = NewPackage();
        var all = Enumerable.Range(0, 8).Select(i => $"2.0.{i}").ToList();
        foreach (var version in all)
        {
            node.Registry.Publish(package, version, $"module.exports = () => '{version}';\n");
        }

        // The second half cannot be downloaded until released: the server stops with one scan in flight and the rest queued.
        node.Registry.Hold(package, all[4..]);
        var watchId = await node.WatchAsync(package, ">=2.0.0");
        using var watches = node.OpenWatchStore();
        await Waiting.UntilAsync(() => node.Registry.HeldRequests > 0 && watches.ListVersions(watchId).Count(v => v.CompletedAt is not null) == 4,
            "the first half scanned and a scan of the second in flight", () => Describe(watches.ListVersions(watchId)));

        await node.StopServerAsync();
        Assert.Equal(4, watches.ListVersions(watchId).Count(v => v.CompletedAt is null));

        node.Registry.Release();
        await node.StartServerAsync();
        await Waiting.UntilAsync(() => watches.ListVersions(watchId) is { Count: 8 } versions && versions.All(v => v.Compared),
            "every version scanned after the restart", () => Describe(watches.ListVersions(watchId)));
        Assert.All(watches.ListVersions(watchId), v => Assert.Equal((1, 1), (v.Scans, v.Runs)));
        using var scans = new ScanStore(node.DatabasePath);
        Assert.Equal(8, scans.List(package).Count);
    }

    [Fact]
    public async Task A_version_that_cannot_be_scanned_after_its_retries_becomes_an_alert_not_a_clean_result()
    {
        await using var node = await WatchNode.StartAsync();
        var package = NewPackage();
        node.Registry.Publish(package, "3.0.0", "module.exports = 1;\n");
        node.Registry.Publish(package, "3.0.1", "module.exports = 2;\n");
        node.Registry.Break(package, "3.0.1");

        var watchId = await node.WatchAsync(package, ">=3.0.0");
        using var watches = node.OpenWatchStore();
        await Waiting.UntilAsync(() => watches.FindVersion(watchId, "3.0.1")?.Failure is not null && watches.FindVersion(watchId, "3.0.0")?.Compared == true,
            "the broken version to fail after its retry", () => Describe(watches.ListVersions(watchId)));

        var failed = watches.FindVersion(watchId, "3.0.1")!;
        Assert.Null(failed.CompletedAt);
        var alert = Assert.Single(watches.ListAlerts(10));
        Assert.Equal((WatchAlert.FailedKind, "3.0.1"), (alert.Kind, alert.Version));
        Assert.StartsWith($"could not scan npm:{package}@3.0.1: ", alert.Text, StringComparison.Ordinal);
        using var scans = new ScanStore(node.DatabasePath);
        Assert.DoesNotContain(scans.List(package), s => s.Version == "3.0.1");
        await Waiting.UntilAsync(() => File.Exists(node.AlertsPath) && File.ReadAllLines(node.AlertsPath).Length == 1, "the failure in the JSON lines file");
        using var line = JsonDocument.Parse(File.ReadAllLines(node.AlertsPath)[0]);
        Assert.Equal("failed", line.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_job_dashboard_and_the_watch_endpoints_refuse_no_token_and_a_lower_role_and_a_refused_write_writes_nothing()
    {
        await using var node = await WatchNode.StartAsync();
        var anonymous = node.Client(null);
        var machine = node.Client(await node.TokenAsync(TeamRole.Machine));
        var viewer = node.Client(await node.TokenAsync(TeamRole.Viewer));
        var reviewer = node.Client(await node.TokenAsync(TeamRole.Reviewer));
        var admin = node.Client(node.AdminToken);

        // A browser without a session is sent to the dashboard's sign-in (an admin's session opens the job dashboard too).
        using (var signIn = await anonymous.GetAsync("/hangfire"))
        {
            Assert.Equal("/login", signIn.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.DoesNotContain("Telltale jobs", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/hangfire/jobs/enqueued")).StatusCode);
        using (var page = await admin.GetAsync("/hangfire"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Telltale jobs", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var watches = node.OpenWatchStore();
        using var team = new SqliteTeamStore(node.DatabasePath);
        var auditBefore = team.ListAudit(1000).Count;
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/watches", new { package = "left-pad" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/watches", new { package = "left-pad" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/watches")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.GetAsync("/api/v1/watches")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.GetAsync("/api/v1/watches/alerts")).StatusCode);
        Assert.Empty(watches.ListWatches());
        Assert.Equal(auditBefore, team.ListAudit(1000).Count);

        // The same write by a reviewer goes through, with its audit row; removing it is a reviewer's too.
        using var created = await reviewer.PostAsJsonAsync("/api/v1/watches", new { package = "npm:left-pad", range = "^1.3", platform = "none" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var watch = Assert.Single(watches.ListWatches());
        Assert.Equal(("left-pad", "^1.3", "none"), (watch.Package, watch.Range, watch.Platform));
        Assert.Equal($"watch:{watch.Id}", team.ListAudit(1).Single().Entity);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/v1/watches/{watch.Id}")).StatusCode);
        Assert.Single(watches.ListWatches());
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/watches/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await reviewer.DeleteAsync($"/api/v1/watches/{watch.Id}")).StatusCode);
        Assert.Empty(watches.ListWatches());

        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.PostAsJsonAsync("/api/v1/watches", new { package = "left-pad@1.0.0" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.PostAsJsonAsync("/api/v1/watches", new { package = "left-pad", range = "not a range" })).StatusCode);
    }

    internal static string Describe(IReadOnlyList<WatchedVersion> versions) =>
        $"{versions.Count} claimed: " + string.Join(", ", versions.Select(v => $"{v.Version} {(v.CompletedAt is null ? v.Failure is null ? "queued" : "failed" : v.Compared ? "compared" : "scanned")} scans={v.Scans} runs={v.Runs}"));

    private static List<string> WebhookBodies(WatchNode node)
    {
        lock (node.Webhook.Received)
        {
            return node.Webhook.Received.Select(r => r.Body).ToList();
        }
    }

    private static long JobCount(JobStorage storage)
    {
        var statistics = storage.GetMonitoringApi().GetStatistics();
        return statistics.Enqueued + statistics.Scheduled + statistics.Processing + statistics.Succeeded + statistics.Failed + statistics.Deleted;
    }
}
