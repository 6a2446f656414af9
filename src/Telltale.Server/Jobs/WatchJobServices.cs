using System.Collections.Concurrent;
using Hangfire;
using Microsoft.Extensions.Logging;
using Telltale.Artifacts;
using Telltale.Scanning;
using Telltale.Server.Storage;
using Telltale.Team;
using Telltale.Tracking.Store;
using Telltale.Tracking.Watching;

namespace Telltale.Server.Jobs;

/// <summary>
/// What the watch jobs of one process share: the stores, the registry client and scanner (Core's, with the registry and
/// cache of <see cref="ServerOptions"/>), the alert outputs and the job client. One per process, made by the container.
/// </summary>
internal sealed class WatchJobServices : IDisposable
{
    private readonly ConcurrentDictionary<string, StoredScanSource> _sources = new(StringComparer.Ordinal);
    private readonly HttpClient _registryHttp;
    private readonly HttpClient _webhookHttp = new() { Timeout = Timeout.InfiniteTimeSpan };

    public WatchJobServices(ServerOptions options, ServerStores stores, IWatchStore watches, IBackgroundJobClient jobs, TimeProvider time, ILoggerFactory logs)
    {
        Options = options;
        Stores = stores;
        Watches = watches;
        Jobs = jobs;
        Time = time;
        Log = logs.CreateLogger("Telltale.Server.Watch");
        _registryHttp = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // Each try has its own timeout in NpmRegistryClientOptions.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _registryHttp.DefaultRequestHeaders.UserAgent.ParseAdd($"telltale/{Scanner.ToolVersion}");
        Registry = new NpmRegistryClient(_registryHttp, new NpmRegistryConfig(options.Registry), new NpmRegistryClientOptions { CacheDirectory = options.CacheDirectory });
        Delivery = new AlertDelivery(options.AlertsJsonlPath, options.WebhookUrl, _webhookHttp);
    }

    public ServerOptions Options { get; }

    public ServerStores Stores { get; }

    public IWatchStore Watches { get; }

    public IBackgroundJobClient Jobs { get; }

    public TimeProvider Time { get; }

    public ILogger Log { get; }

    public NpmRegistryClient Registry { get; }

    public AlertDelivery Delivery { get; }

    /// <summary>Core's store-backed scanner for one platform: a version already stored is read back, a fresh scan is saved.</summary>
    public StoredScanSource Source(string platform) =>
        _sources.GetOrAdd(platform, key => new StoredScanSource(Stores.Scans, new TargetResolver(Registry, NpmPlatform.Parse(key)), new ScanOptions()));

    /// <summary>To the JSON lines file and the webhook; a receiver that is down is logged, never fatal: the alert is kept in the store.</summary>
    public async Task DeliverAsync(IEnumerable<WatchAlert> alerts, CancellationToken cancellationToken)
    {
        foreach (var alert in alerts)
        {
            if (Log.IsEnabled(LogLevel.Warning))
            {
                Log.LogWarning("Watch alert: {Alert}", alert.Text);
            }

            string? failure;
            try
            {
                failure = await Delivery.DeliverAsync(alert.Json, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                failure = $"cannot append to {Options.AlertsJsonlPath}: {error.Message}";
            }

            if (failure is not null && Log.IsEnabled(LogLevel.Error))
            {
                Log.LogError("Alert {AlertId} not delivered: {Failure}", alert.Id, failure);
            }
        }
    }

    public void Dispose()
    {
        _registryHttp.Dispose();
        _webhookHttp.Dispose();
    }
}
