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

    /// <summary>Loopback only: a server reachable from elsewhere is a choice to make with <c>--listen</c>.</summary>
    public const string DefaultListen = "http://127.0.0.1:7878";
}
