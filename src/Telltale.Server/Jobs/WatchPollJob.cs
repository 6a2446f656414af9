using Hangfire;
using Microsoft.Extensions.Logging;
using Telltale.Tracking.Watching;

namespace Telltale.Server.Jobs;

/// <summary>
/// Reads a watched package's versions from the registry and enqueues one <see cref="WatchScanJob"/> per version it has not
/// seen. The claim in the watch store comes first and wins once across every worker, so polling again (or two polls at
/// once) enqueues nothing twice.
/// </summary>
internal sealed class WatchPollJob(WatchJobServices services)
{
    /// <summary>The recurring job's id: one for the whole server, whatever the number of workers.</summary>
    public const string RecurringId = "telltale-watch-poll";

    /// <summary>A claim this old without a job was made by a poll that died before it enqueued.</summary>
    private static readonly TimeSpan LostClaimAge = TimeSpan.FromMinutes(5);

    /// <summary>The recurring job: one poll job per watch, so a slow registry answer for one holds up no other.</summary>
    public Task PollAllAsync(CancellationToken cancellationToken)
    {
        foreach (var watch in services.Watches.ListWatches())
        {
            cancellationToken.ThrowIfCancellationRequested();
            services.Jobs.Enqueue<WatchPollJob>(job => job.PollAsync(watch.Id, CancellationToken.None));
        }

        foreach (var lost in services.Watches.UnqueuedClaims(services.Time.GetUtcNow() - LostClaimAge))
        {
            Enqueue(lost.Id);
        }

        return Task.CompletedTask;
    }

    /// <summary>Claims and enqueues the watch's versions not seen before; returns how many.</summary>
    /// <exception cref="Telltale.Artifacts.TargetException">when the registry cannot be read: the job is retried.</exception>
    public async Task<int> PollAsync(long watchId, CancellationToken cancellationToken)
    {
        if (services.Watches.GetWatch(watchId) is not { } watch)
        {
            return 0;
        }

        var versions = await services.Registry.GetVersionsAsync(watch.Package, cancellationToken).ConfigureAwait(false);
        if (watch.Range is null && watch.Baseline is null && WatchPlan.Versions(versions, null, null) is [.., var latest])
        {
            watch = services.Watches.SetBaseline(watch.Id, latest.Version) ?? watch;
        }

        var planned = WatchPlan.Versions(versions, watch.Range, watch.Baseline);
        var enqueued = 0;
        for (var i = 0; i < planned.Count; i++)
        {
            var claim = services.Watches.ClaimVersion(watch.Id, watch.Package, planned[i].Version, i > 0 ? planned[i - 1].Version : null, planned[i].PublishedAt, watch.Platform);
            if (claim is not null)
            {
                Enqueue(claim.Id);
                enqueued++;
            }
        }

        if (services.Log.IsEnabled(LogLevel.Information))
        {
            services.Log.LogInformation("Polled npm:{Package}: {Covered} versions covered, {Enqueued} new queued for a scan", watch.Package, planned.Count, enqueued);
        }

        return enqueued;
    }

    private void Enqueue(long versionId)
    {
        var jobId = services.Jobs.Enqueue<WatchScanJob>(job => job.ScanAsync(versionId, null, CancellationToken.None));
        services.Watches.SetJob(versionId, jobId);
    }
}
