using Hangfire;
using Hangfire.Common;
using Hangfire.Client;
using Hangfire.States;
using Telltale.Team;

namespace Telltale.Server.Jobs;

/// <summary>
/// The watch jobs' services, shared by <c>serve</c> and <c>serve --worker</c>. Everything of Hangfire's is made per
/// server and registered here instead of through its static configuration, so two servers in one process keep apart.
/// </summary>
internal static class WatchJobsSetup
{
    public static void Add(IServiceCollection services, ServerOptions options, JobStorage storage, IWatchStore watches)
    {
        var filters = new JobFilterCollection
        {
            new AutomaticRetryAttribute
            {
                Attempts = Math.Max(0, options.ScanRetries),
                DelayInSecondsByAttemptFunc = attempt => (int)Math.Min(int.MaxValue, Math.Max(1, options.RetryDelay.TotalSeconds) * Math.Pow(2, Math.Min(attempt, 20))),

                // Failed, not deleted: the job stays visible in the dashboard beside its "could not scan" alert.
                OnAttemptsExceeded = AttemptsExceededAction.Fail,
            },
        };
        services.AddSingleton(storage);
        services.AddSingleton<IJobFilterProvider>(filters);
        services.AddSingleton<IBackgroundJobClient>(_ => new BackgroundJobClient(storage, new BackgroundJobFactory(filters), new BackgroundJobStateChanger(filters)));
        services.AddSingleton<IRecurringJobManager>(_ => new RecurringJobManager(storage, new BackgroundJobFactory(filters)));

        // The factory hands over ownership: the container disposes the store when the server stops.
        services.AddSingleton(_ => watches);
        services.AddSingleton<WatchJobServices>();
        services.AddTransient<WatchPollJob>();
        services.AddTransient<WatchScanJob>();
        services.AddTransient<ScanRequestJob>();
        if (options.ProcessJobs)
        {
            services.AddHostedService<JobProcessing>();
        }
    }
}
