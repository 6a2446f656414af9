using System.CommandLine;
using Telltale.Server;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>telltale serve [--db PATH|CONNECTION] [--listen URL] [--init] [--worker] …</c>: the team server (Telltale.Server,
/// docs/server.md) on the result store, a SQLite file or a PostgreSQL database, with its watch jobs. <c>--init</c> makes
/// the first admin token, prints it once and exits; <c>--worker</c> runs watch jobs only, without the HTTP API.
/// </summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Database = new("--db")
    {
        Description = "The store the server keeps scans and its team tables in: a SQLite file path, or a PostgreSQL connection string starting with Host= (\"Host=db;Database=telltale;Username=telltale;Password=…\") or a postgresql:// URI; default: scans.db in $TELLTALE_DATA_DIR, $XDG_DATA_HOME/telltale or ~/.local/share/telltale",
    };

    private static readonly Option<string> Listen = new("--listen")
    {
        Description = $"Where to listen, plain HTTP: an IP address or localhost and a port (0.0.0.0 for every interface, behind a TLS proxy); default: {ServerOptions.DefaultListen}",
        DefaultValueFactory = _ => ServerOptions.DefaultListen,
    };

    private static readonly Option<bool> Init = new("--init")
    {
        Description = "Make the first admin token, print it once on standard output and exit; refused when a usable admin token exists",
    };

    private static readonly Option<bool> Worker = new("--worker")
    {
        Description = "Run watch jobs from the shared queue without the HTTP API; start several (on one or many machines) on one PostgreSQL --db to share the work",
    };

    private static readonly Option<int> Workers = new("--workers")
    {
        Description = "Jobs this process runs at once (each scan is one job)",
        DefaultValueFactory = _ => 2,
    };

    private static readonly Option<string?> JobsDatabase = new("--jobs-db")
    {
        Description = "Where the job queue is kept: a PostgreSQL connection string (Host=… or postgres://…) or a SQLite file; default: the --db database when it is PostgreSQL, else jobs.db beside it",
    };

    private static readonly Option<string> Registry = new("--registry")
    {
        Description = "The npm registry watched packages come from",
        DefaultValueFactory = _ => Telltale.Artifacts.NpmRegistryConfig.DefaultRegistry.AbsoluteUri,
    };

    private static readonly Option<string?> Cache = new("--cache-dir")
    {
        Description = "The tarball download cache; default: the cache the other commands use",
    };

    private static readonly Option<string> PollInterval = new("--poll-interval")
    {
        Description = "How often every watch is polled for new versions: 15m, 1h (whole minutes, at least 1m)",
        DefaultValueFactory = _ => "15m",
    };

    private static readonly Option<string?> AlertsJsonl = new("--alerts-jsonl")
    {
        Description = "Append each watch alert to this file as one JSON object per line",
    };

    private static readonly Option<string?> Webhook = new("--webhook")
    {
        Description = "POST each watch alert as JSON to this URL (retried with backoff; a failure is logged, the alert is kept)",
    };

    private static readonly Option<string> MinSeverity = new("--min-severity")
    {
        Description = "Alert on behaviours at or above this: info, low, medium, high or critical",
        DefaultValueFactory = _ => "high",
    };

    private static readonly Option<int> ScanRetries = new("--scan-retries")
    {
        Description = "Retries of a scan job that failed, with doubling waits; then the version gets a 'could not scan' alert",
        DefaultValueFactory = _ => 4,
    };

    private static readonly Option<string> RetryDelay = new("--retry-delay")
    {
        Description = "The wait before a failed job's first retry (it doubles for each further one): 30s, 2m",
        DefaultValueFactory = _ => "30s",
    };

    private static readonly Option<string> InvisibilityTimeout = new("--invisibility-timeout")
    {
        Description = "With a PostgreSQL queue: how long a job taken by a worker that died stays invisible before another worker takes it",
        DefaultValueFactory = _ => "5m",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Serve the result store to a team over a REST API with tokens and roles: scans, histories, the policy, machines' compliance and registry watching on background jobs (docs/server.md). Stops cleanly on Ctrl-C or SIGTERM.")
        {
            Database, Listen, Init, Worker, Workers, JobsDatabase, Registry, Cache, PollInterval, AlertsJsonl, Webhook, MinSeverity, ScanRetries, RetryDelay, InvisibilityTimeout,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var database = parse.GetValue(Database) ?? ScanStore.DefaultPath();
        if (parse.GetValue(Init))
        {
            return Initialise(database);
        }

        if (!ListenAddress.TryParse(parse.GetValue(Listen)!, out var listen, out var problem))
        {
            return CliError.Fail(problem);
        }

        if (JobOptions(parse, new ServerOptions { Database = database, Listen = listen }, out var jobProblem) is not { } options)
        {
            return CliError.Fail(jobProblem!);
        }

        try
        {
            if (parse.GetValue(Worker))
            {
                await TelltaleServer.RunWorkerAsync(options, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await TelltaleServer.RunAsync(options, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (StoreException error)
        {
            return CliError.Fail(error.Message);
        }
        catch (IOException error)
        {
            // Kestrel says so when the address is in use or not this machine's.
            return CliError.Fail($"cannot listen on {listen}: {error.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C before the server had started: nothing was served, nothing to drain.
        }

        return ExitCodes.Clean;
    }

    /// <summary>The watch jobs' options on top of <paramref name="options"/>; null with the reason when one is not usable.</summary>
    private static ServerOptions? JobOptions(ParseResult parse, ServerOptions options, out string? problem)
    {
        problem = null;
        if (parse.GetValue(Workers) is < 1 or > 64)
        {
            problem = "--workers takes 1 to 64";
            return null;
        }

        if (!Uri.TryCreate(parse.GetValue(Registry), UriKind.Absolute, out var registry) || (registry.Scheme != Uri.UriSchemeHttps && registry.Scheme != Uri.UriSchemeHttp))
        {
            problem = "--registry takes an http or https URL";
            return null;
        }

        Uri? webhook = null;
        if (parse.GetValue(Webhook) is { } webhookText
            && (!Uri.TryCreate(webhookText, UriKind.Absolute, out webhook) || (webhook.Scheme != Uri.UriSchemeHttps && webhook.Scheme != Uri.UriSchemeHttp)))
        {
            problem = "--webhook takes an http or https URL";
            return null;
        }

        if (!Telltale.Findings.SeverityNames.TryParse(parse.GetValue(MinSeverity), out var minSeverity))
        {
            problem = $"unknown severity '{parse.GetValue(MinSeverity)}' for --min-severity (use info, low, medium, high or critical)";
            return null;
        }

        if (parse.GetValue(ScanRetries) is < 0 or > 20)
        {
            problem = "--scan-retries takes 0 to 20";
            return null;
        }

        var poll = WatchCommand.ParseInterval(parse.GetValue(PollInterval)!);
        var retryDelay = WatchCommand.ParseInterval(parse.GetValue(RetryDelay)!);
        var invisibility = WatchCommand.ParseInterval(parse.GetValue(InvisibilityTimeout)!);
        if (poll is not { } pollInterval || pollInterval < TimeSpan.FromMinutes(1) || retryDelay is not { } delay || invisibility is not { } invisible)
        {
            problem = "--poll-interval (at least 1m), --retry-delay and --invisibility-timeout take durations such as 90s, 15m or 1h";
            return null;
        }

        return options with
        {
            Workers = parse.GetValue(Workers),
            JobStorage = parse.GetValue(JobsDatabase),
            Registry = registry,
            CacheDirectory = parse.GetValue(Cache),
            PollInterval = pollInterval,
            AlertsJsonlPath = parse.GetValue(AlertsJsonl),
            WebhookUrl = webhook,
            MinSeverity = minSeverity,
            ScanRetries = parse.GetValue(ScanRetries),
            RetryDelay = delay,
            InvisibilityTimeout = invisible,
        };
    }

    private static int Initialise(string database)
    {
        Telltale.Team.IssuedToken? issued;
        string where;
        try
        {
            issued = TelltaleServer.InitialiseAdmin(database);

            // Named by where it is, never by the value given: a connection string may hold a password.
            where = TelltaleServer.DescribeDatabase(database);
        }
        catch (StoreException error)
        {
            return CliError.Fail(error.Message);
        }

        if (issued is null)
        {
            return CliError.Fail($"{where} has a usable admin token already; make more with POST /api/v1/tokens (docs/server.md)");
        }

        // The secret alone on standard output, so TOKEN=$(telltale serve --init) works; the explanation on standard error.
        CliError.Say($"made admin token {issued.Token.Id} in {where}; it is shown this once and stored only as its SHA-256: keep it in a secret store");
        Console.Out.WriteLine(issued.Secret);
        return ExitCodes.Clean;
    }
}
