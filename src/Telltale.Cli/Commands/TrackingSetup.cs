using System.CommandLine;
using Telltale.Artifacts;
using Telltale.Scanning;
using Telltale.Tracking;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary>What the verbs that reuse scans (scan, diff, history, watch) scan with and read the registry through.</summary>
internal static class TrackingSetup
{
    private static readonly Lazy<HttpClient> Http = new(CreateHttpClient);

    /// <summary>
    /// Where reports come from: the result store (a scan of the same artifact with the same tool and
    /// rules is read back, every new scan is saved as soon as it finishes, so an interrupted run loses
    /// nothing), or with <c>--no-store</c> a fresh scan each time. Dispose the store when done.
    /// </summary>
    /// <param name="rulePacks">The <c>--rules</c> files behind <paramref name="options"/>, recorded with every saved scan.</param>
    public static (IScanSource Source, ScanStore? Store) CreateSource(NpmPlatform? platform, ParseResult parse, ResultStoreOptions store, ScanOptions? options = null, IReadOnlyList<RulePackFile>? rulePacks = null)
    {
        options ??= new ScanOptions();
        var resolver = new TargetResolver(platform);
        if (parse.GetValue(store.NoStore))
        {
            return (new ScannerSource(new Scanner(options, resolver)), null);
        }

        var opened = new ScanStore(parse.GetValue(store.Database) ?? ScanStore.DefaultPath());
        return (new StoredScanSource(opened, resolver, options, rulePacks), opened);
    }

    /// <summary>The registry npm would use, for version lists and publish dates.</summary>
    public static NpmRegistryClient CreateRegistry() => new(Http.Value, NpmRegistryConfig.Load());

    /// <summary>For webhooks: nothing npm-specific, and each try has its own timeout.</summary>
    public static HttpClient WebhookClient { get; } = new() { Timeout = Timeout.InfiniteTimeSpan };

    private static HttpClient CreateHttpClient()
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // Each try has its own timeout in NpmRegistryClientOptions.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"telltale/{Scanner.ToolVersion}");
        return client;
    }
}
