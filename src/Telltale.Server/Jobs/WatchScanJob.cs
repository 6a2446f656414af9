using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Telltale.Artifacts;
using Telltale.Team;
using Telltale.Tracking.Store;
using Telltale.Tracking.Watching;

namespace Telltale.Server.Jobs;

/// <summary>
/// Scans one claimed <c>name@version</c> and compares it with the version before it. Idempotent: a version whose job
/// completed is not scanned again, a scan already in the result store (same name, version, platform and fingerprint) is
/// read back instead of made, saving the same scan twice keeps one row, and a comparison is recorded (with its alerts)
/// once. A version that cannot be scanned after every retry becomes a "could not scan" alert, never a clean result.
/// </summary>
internal sealed class WatchScanJob(WatchJobServices services)
{
    /// <summary>Hangfire's job parameter with the number of retries made so far.</summary>
    private const string RetryCountParameter = "RetryCount";

    /// <param name="versionId">The claimed version (<see cref="IWatchStore.ClaimVersion"/>).</param>
    /// <param name="context">Given by Hangfire when the job runs; null when enqueued.</param>
    /// <param name="cancellationToken">Cancelled when the worker stops: the job is then requeued, not failed.</param>
    public async Task ScanAsync(long versionId, PerformContext? context, CancellationToken cancellationToken)
    {
        var watches = services.Watches;
        if (watches.GetVersion(versionId) is not { } version || watches.GetWatch(version.WatchId) is null)
        {
            // Its watch was removed after it was queued.
            return;
        }

        if (context?.BackgroundJob.Id is { } own)
        {
            if (version.JobId is null)
            {
                // Its poll died between making this job and recording it.
                watches.SetJob(version.Id, own);
            }
            else if (version.JobId != own)
            {
                // Made by a poll that died before recording it; the poll's next attempt recorded another job in its place.
                return;
            }
        }

        if (version.CompletedAt is null)
        {
            var source = services.Source(version.Platform);
            StoredScanResult result;
            try
            {
                result = await source.GetWithOriginAsync($"{NpmPackageSpec.Prefix}{version.Package}@{version.Version}", null, cancellationToken).ConfigureAwait(false);
                if (result.Report.Incomplete.Any(i => !i.Reproducible))
                {
                    // Cut short by something of this machine's: the source did not keep it, and a retry may finish it.
                    throw new InvalidDataException("the scan was cut short by this machine (a backstop or a crash), not by the package");
                }
            }
            catch (Exception error) when (error is TargetException or IOException or InvalidDataException or StoreException && !cancellationToken.IsCancellationRequested)
            {
                if (IsLastAttempt(context))
                {
                    await FailAsync(version, error.Message, cancellationToken).ConfigureAwait(false);
                }

                throw;
            }

            version = watches.CompleteScan(version.Id, freshScan: !result.FromStore);
        }

        await CompareAsync(version, cancellationToken).ConfigureAwait(false);
        foreach (var following in watches.Following(version.WatchId, version.Version))
        {
            await CompareAsync(following, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsLastAttempt(PerformContext? context) =>
        context is null || context.GetJobParameter<int>(RetryCountParameter) >= services.Options.ScanRetries;

    private async Task FailAsync(WatchedVersion version, string reason, CancellationToken cancellationToken)
    {
        var alert = services.Watches.RecordFailure(version.Id, WatchAlert.Failure(version.WatchId, version.Package, version.Version, reason, services.Time.GetUtcNow()));
        if (alert is not null)
        {
            await services.DeliverAsync([alert], cancellationToken).ConfigureAwait(false);
        }

        // The versions waiting to be compared with this one are compared with nothing instead (CompareAsync).
        foreach (var following in services.Watches.Following(version.WatchId, version.Version))
        {
            await CompareAsync(following, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Compares a scanned version with the one before it once both are done; the later of the two jobs does it. When the
    /// one before could not be scanned, the version is compared with nothing: a false alarm is better than a silent miss.
    /// </summary>
    private async Task CompareAsync(WatchedVersion version, CancellationToken cancellationToken)
    {
        var watches = services.Watches;
        if (version.Compared || version.CompletedAt is null)
        {
            return;
        }

        var fingerprint = services.Source(version.Platform).Fingerprint;
        IReadOnlyDictionary<string, Findings.Finding> previous = new Dictionary<string, Findings.Finding>();
        if (version.PreviousVersion is null)
        {
            // The first version of a watch: nothing to compare it with, so it is recorded without alerts.
            watches.RecordComparison(version.Id, []);
            return;
        }

        var before = watches.FindVersion(version.WatchId, version.PreviousVersion);
        if (before is { CompletedAt: not null })
        {
            if (services.Stores.Scans.TryGetNpm(before.Package, before.Version, before.Platform, fingerprint) is not { } report)
            {
                return;
            }

            previous = WatchComparison.Behaviours(report, services.Options.MinSeverity);
        }
        else if (before is not null && before.Failure is null)
        {
            // Not scanned yet: its job compares this one when it completes.
            return;
        }

        if (services.Stores.Scans.TryGetNpm(version.Package, version.Version, version.Platform, fingerprint) is not { } current)
        {
            return;
        }

        var events = WatchComparison.Events(version.Package, new NpmVersionInfo(version.Version, version.PublishedAt), version.PreviousVersion,
            previous, WatchComparison.Behaviours(current, services.Options.MinSeverity), services.Time.GetUtcNow());
        var kept = watches.RecordComparison(version.Id, events.Select(e => WatchAlert.From(version.WatchId, e)).ToList());
        await services.DeliverAsync(kept, cancellationToken).ConfigureAwait(false);
        if (kept.Count > 0 && services.Log.IsEnabled(LogLevel.Information))
        {
            services.Log.LogInformation("npm:{Package}@{Version}: {Alerts} alerts", version.Package, version.Version, kept.Count);
        }
    }
}
