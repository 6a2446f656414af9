using Telltale.Findings;
using Telltale.Tracking.Store;

namespace Telltale.Tracking.Watching;

/// <summary>How <see cref="RegistryWatcher"/> polls and where it reports.</summary>
public sealed record WatchOptions
{
    /// <summary>The JSON file with the last version seen of each package; see <see cref="DefaultStatePath()"/>.</summary>
    public required string StatePath { get; init; }

    /// <summary>Time between the start of one poll and the next.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Poll once and return: for cron and CI.</summary>
    public bool Once { get; init; }

    /// <summary>Behaviours below it are not alerted on.</summary>
    public Severity MinSeverity { get; init; } = Severity.High;

    /// <summary>A file each alert is appended to as one JSON line; null for none.</summary>
    public string? JsonlPath { get; init; }

    /// <summary>A URL each alert is POSTed to as JSON; null for none.</summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>Tries per alert, counting the first; network errors, timeouts, 408, 429 and 5xx are retried.</summary>
    public int WebhookAttempts { get; init; } = 4;

    /// <summary>Wait before the first retry; it doubles for each further one.</summary>
    public TimeSpan WebhookRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one try may take.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>watch-state.json</c> in the data folder, beside the result store.</summary>
    public static string DefaultStatePath() => Beside(ScanStore.DefaultPath());

    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="homeDirectory">The user's home folder.</param>
    public static string DefaultStatePath(Func<string, string?> environment, string? homeDirectory) =>
        Beside(ScanStore.DefaultPath(environment, homeDirectory));

    private static string Beside(string storePath) => Path.Combine(Path.GetDirectoryName(storePath)!, "watch-state.json");
}
