namespace Telltale.Server;

/// <summary>How <c>telltale serve</c> runs: where it keeps things, where it listens, and its limits.</summary>
public sealed record ServerOptions
{
    /// <summary>
    /// What <c>serve --db</c> names: a SQLite file path, or a PostgreSQL connection string (<c>Host=…</c>) or URI
    /// (<c>postgresql://…</c>); the team tables go into the same file or database as the scans (docs/server.md).
    /// </summary>
    public required string Database { get; init; }

    /// <summary>Where Kestrel listens: <c>http://ADDRESS:PORT</c>, port 0 for any free port (tests).</summary>
    public Uri Listen { get; init; } = new(DefaultListen);

    /// <summary>JSON lines on standard output, one per log event; off in tests, whose runner owns the console.</summary>
    public bool ConsoleLogging { get; init; } = true;

    /// <summary>The largest report <c>POST /api/v1/scans</c> takes.</summary>
    public long MaxReportBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest inventory <c>POST /api/v1/inventories</c> takes; a real machine's is well under a megabyte.</summary>
    public long MaxInventoryBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>How long a shutdown (SIGTERM, Ctrl-C) waits for requests in flight before it closes their connections.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where the background jobs' queue is kept (Hangfire's storage): a PostgreSQL connection string
    /// (<see cref="Telltale.Tracking.Store.Postgres.PostgresConnectionStrings.Recognises"/>) for several workers, or a SQLite file. Null for the
    /// <see cref="Database"/> database itself when it is PostgreSQL, else <c>jobs.db</c> beside it.
    /// </summary>
    public string? JobStorage { get; init; }

    /// <summary>Whether this process runs watch jobs (the worker); off for an API-only process.</summary>
    public bool ProcessJobs { get; init; } = true;

    /// <summary>Jobs run at once by this process; each scan is one job, so this is how many scans run side by side.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The npm registry watched packages come from.</summary>
    public Uri Registry { get; init; } = Telltale.Artifacts.NpmRegistryConfig.DefaultRegistry;

    /// <summary>The download cache for tarballs; null for the CLI's default cache folder.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// How often every watch is polled for new versions (rounded to whole minutes, at least one);
    /// <see cref="Timeout.InfiniteTimeSpan"/> for no schedule, when watches are polled only as they are made.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Retries of a scan job after its first try; when they are spent, the version gets a "could not scan" alert.</summary>
    public int ScanRetries { get; init; } = 4;

    /// <summary>The wait before the first retry; it doubles for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With PostgreSQL: how long a job fetched by a worker that stopped answering (killed, its machine lost) stays invisible
    /// before another worker takes it. A live worker keeps extending its jobs', so a long scan is never taken twice.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Behaviours below it are not alerted on.</summary>
    public Telltale.Findings.Severity MinSeverity { get; init; } = Telltale.Findings.Severity.High;

    /// <summary>On stop, how long a running job may go on before it is cancelled and put back in the queue for after the restart.</summary>
    public TimeSpan JobGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Alerts are appended here as JSON lines; null for none.</summary>
    public string? AlertsJsonlPath { get; init; }

    /// <summary>Alerts are POSTed here as JSON; null for none.</summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>Loopback only: a server reachable from elsewhere is a choice to make with <c>--listen</c>.</summary>
    public const string DefaultListen = "http://127.0.0.1:7878";
}
