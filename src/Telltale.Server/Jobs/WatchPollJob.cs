using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Telltale.Tracking.Watching;

namespace Telltale.Server.Jobs;

/// <summary>
/// Reads a watched package's versions from the registry and enqueues one <see cref="WatchScanJob"/> per version it has not
/// seen. The claim in the watch store comes first and wins once across every worker, so polling again (or two polls at
/// once) enqueues nothing twice. A poll that dies between a claim and its enqueue (its worker killed) is given to another
/// worker as the same job, which enqueues the claims its earlier attempt left without a job before it claims anything new.
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
            services.Jobs.Enqueue<WatchPollJob>(job => job.PollAsync(watch.Id, null, CancellationToken.None));
        }

        foreach (var lost in services.Watches.UnqueuedClaims(services.Time.GetUtcNow() - LostClaimAge))
        {
            Enqueue(lost.Id);
        }

        return Task.CompletedTask;
    }

    /// <summary>Claims and enqueues the watch's versions not seen before; returns how many.</summary>
    /// <param name="watchId">The watch to poll.</param>
    /// <param name="context">Given by Hangfire when the job runs (null when enqueued): its job id marks the claims.</param>
    /// <param name="cancellationToken">Cancelled when the worker stops.</param>
    /// <exception cref="Telltale.Artifacts.TargetException">when the registry cannot be read: the job is retried.</exception>
    public Task<int> PollAsync(long watchId, PerformContext? context, CancellationToken cancellationToken) =>
        PollAsJobAsync(watchId, context?.BackgroundJob.Id, cancellationToken);

    /// <summary>
    /// <see cref="PollAsync(long, PerformContext?, CancellationToken)"/> as the poll job <paramref name="pollJobId"/>
    /// (null outside a job): its claims are marked with it, and those an earlier attempt of it left without a job are
    /// enqueued. Counted in the result with the new ones.
    /// </summary>
    internal async Task<int> PollAsJobAsync(long watchId, string? pollJobId, CancellationToken cancellationToken)
    {
        if (services.Watches.GetWatch(watchId) is not { } watch)
        {
            return 0;
        }

        var enqueued = 0;
        if (pollJobId is not null)
        {
            // Only this job's own claims: another poll's job-less claim may be a moment from its enqueue.
            foreach (var left in services.Watches.UnqueuedClaimsBy(pollJobId))
            {
                Enqueue(left.Id);
                enqueued++;
            }
        }

        var versions = await services.Registry.GetVersionsAsync(watch.Package, cancellationToken).ConfigureAwait(false);
        if (watch.Range is null && watch.Baseline is null && WatchPlan.Versions(versions, null, null) is [.., var latest])
        {
            watch = services.Watches.SetBaseline(watch.Id, latest.Version) ?? watch;
        }

        var planned = WatchPlan.Versions(versions, watch.Range, watch.Baseline);
        for (var i = 0; i < planned.Count; i++)
        {
            var claim = services.Watches.ClaimVersion(watch.Id, watch.Package, planned[i].Version, i > 0 ? planned[i - 1].Version : null, planned[i].PublishedAt, watch.Platform,
                pollJobId);
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
