using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Hosting;

namespace Telltale.Server.Jobs;

/// <summary>
/// The Hangfire server of this process: takes jobs from the shared queue and runs them, <see cref="ServerOptions.Workers"/>
/// at a time. On stop (SIGTERM, Ctrl-C) it takes no more jobs and cancels the running ones, which go back to the queue;
/// the queue is persistent, so they run again after a restart, here or on another worker.
/// </summary>
internal sealed class JobProcessing(ServerOptions options, JobStorage storage, IJobFilterProvider filters, IRecurringJobManager recurring, IServiceProvider services)
    : IHostedService, IDisposable
{
    private BackgroundJobServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.PollInterval == Timeout.InfiniteTimeSpan)
        {
            recurring.RemoveIfExists(WatchPollJob.RecurringId);
        }
        else
        {
            recurring.AddOrUpdate<WatchPollJob>(WatchPollJob.RecurringId, job => job.PollAllAsync(CancellationToken.None), PollCron(options.PollInterval));
        }

        _server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = Math.Max(1, options.Workers),
            ServerName = $"telltale:{Environment.MachineName}:{Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            Activator = new ServiceJobActivator(services),
            FilterProvider = filters,

            // Retries wait in the scheduled set; it is checked this often, so a short retry delay is kept.
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
            StopTimeout = options.JobGracePeriod < options.ShutdownTimeout ? options.JobGracePeriod : options.ShutdownTimeout,
            ShutdownTimeout = options.ShutdownTimeout,
        }, storage);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        _server.SendStop();
        await _server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _server?.Dispose();

    /// <summary>Cron has no "every 90 minutes": whole minutes up to an hour, whole hours above.</summary>
    internal static string PollCron(TimeSpan interval)
    {
        var minutes = Math.Max(1, (int)Math.Round(interval.TotalMinutes));
        return minutes < 60 ? Cron.MinuteInterval(minutes) : Cron.HourInterval(Math.Clamp(minutes / 60, 1, 23));
    }
}
