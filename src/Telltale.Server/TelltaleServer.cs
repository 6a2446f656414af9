using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telltale.Policy;
using Telltale.Scanning;
using Telltale.Server.Auth;
using Telltale.Server.Dashboard;
using Telltale.Server.Endpoints;
using Telltale.Server.Http;
using Telltale.Server.Jobs;
using Telltale.Server.OpenApi;
using Telltale.Server.Storage;
using Telltale.Team;
using Telltale.Tracking.Store;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Server;

/// <summary>
/// <c>telltale serve</c>: the REST API over the result store (docs/server.md). Kestrel, token authentication with roles,
/// an audit row for every write, JSON logs, problem details for every error, and a graceful stop on SIGTERM or Ctrl-C.
/// </summary>
public static partial class TelltaleServer
{
    /// <summary>The name of the admin token <c>serve --init</c> makes.</summary>
    public const string FirstAdminName = "admin";

    /// <summary>
    /// <c>serve --init</c>: makes the first admin token in the store <paramref name="database"/> names (as
    /// <see cref="ServerOptions.Database"/>) and returns it with its secret; null when a usable admin token exists already
    /// (the check and the write are one transaction).
    /// </summary>
    /// <exception cref="StoreException">when the store cannot be used.</exception>
    public static IssuedToken? InitialiseAdmin(string database)
    {
        using var stores = ServerStores.Open(database);
        return stores.Team.IssueFirstAdmin(FirstAdminName, AuditContext.ServerConsole("telltale serve --init"));
    }

    /// <summary>Where the store <paramref name="database"/> names is, fit to print: a file's full path, or a PostgreSQL host and database (never the login).</summary>
    /// <exception cref="StoreException">when a PostgreSQL connection string does not parse.</exception>
    public static string DescribeDatabase(string database) => ServerStores.Describe(database);

    /// <summary>Opens the store, binds the address and starts serving; the caller stops it.</summary>
    /// <exception cref="StoreException">when the store cannot be used.</exception>
    /// <exception cref="IOException">when the address cannot be bound (in use, not this machine's).</exception>
    public static async Task<RunningServer> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var app = Build(options);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var running = new RunningServer(app);
        if (app.Logger.IsEnabled(LogLevel.Information))
        {
            LogStarted(app.Logger, Scanner.ToolVersion, running.BaseAddress.ToString(), app.Services.GetRequiredService<ServerStores>().Scans.Location);
        }
        if (!options.Listen.IsLoopback)
        {
            LogNotLoopback(app.Logger, options.Listen.ToString());
        }

        if (!app.Services.GetRequiredService<ServerStores>().Team.ListTokens().Any(t => t.Role == TeamRole.Admin && !t.IsRevoked))
        {
            LogNoAdmin(app.Logger);
        }

        return running;
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled or the process gets SIGTERM, then drains and stops.</summary>
    public static async Task RunAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        await using var running = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        await running.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>serve --worker</c>: runs watch jobs from the shared queue, without the HTTP API, until <paramref name="cancellationToken"/>
    /// is cancelled or the process gets SIGTERM; then it takes no more jobs and the running ones go back to the queue.
    /// </summary>
    /// <exception cref="StoreException">when a store or the job queue cannot be used.</exception>
    public static async Task RunWorkerAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (stores, watches, storage) = OpenStores(options with { ProcessJobs = true });
        HostApplicationBuilder builder;
        try
        {
            builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = [],
                ApplicationName = typeof(TelltaleServer).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = Environments.Production,
            });
        }
        catch
        {
            watches.Dispose();
            stores.Dispose();
            throw;
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        ConfigureLogging(builder.Logging, options);
        builder.Services.AddSingleton(_ => stores);
        builder.Services.AddSingleton(options with { ProcessJobs = true });
        builder.Services.AddSingleton(TimeProvider.System);
        WatchJobsSetup.Add(builder.Services, options with { ProcessJobs = true }, storage, watches);
        using var host = builder.Build();
        HangfireLogBridge.Instance.Use(host.Services.GetRequiredService<ILoggerFactory>());
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Telltale.Server");
        if (log.IsEnabled(LogLevel.Information))
        {
            LogWorkerStarted(log, Scanner.ToolVersion, options.Workers, stores.Scans.Location);
        }

        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stores, the watch store and the job queue, opened together or not at all.</summary>
    private static (ServerStores Stores, IWatchStore Watches, JobStorage Jobs) OpenStores(ServerOptions options)
    {
        var stores = ServerStores.Open(options.Database);
        IWatchStore? watches = null;
        try
        {
            // Beside the team tables it audits to; with PostgreSQL the job queue defaults to the same database too.
            watches = PostgresConnectionStrings.Recognises(options.Database)
                ? new PostgresWatchStore(options.Database)
                : new SqliteWatchStore(options.Database);
            return (stores, watches, JobStorageLocation.Open(options));
        }
        catch
        {
            watches?.Dispose();
            stores.Dispose();
            throw;
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ServerOptions options)
    {
        logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }

        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);

        // Hangfire's own lines at start and stop say less than ours; its warnings (a job retried) stay.
        logging.AddFilter("Hangfire", LogLevel.Warning);
    }

    private static WebApplication Build(ServerOptions options)
    {
        // Opened first, so an unusable store stops the command with its one-line message before anything listens.
        var (stores, watches, storage) = OpenStores(options);
        WebApplicationBuilder builder;
        try
        {
            builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = [],
                ApplicationName = typeof(TelltaleServer).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,

                // Never Development: that environment shows exception pages with stack traces to clients.
                EnvironmentName = Environments.Production,
            });
        }
        catch
        {
            watches.Dispose();
            stores.Dispose();
            throw;
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(ListenAddress.EndPoint(options.Listen));

            // The largest body any endpoint takes; each endpoint reads its own, smaller limit (RequestBody).
            kestrel.Limits.MaxRequestBodySize = Math.Max(Math.Max(options.MaxReportBytes, options.MaxInventoryBytes), PolicyLoader.MaxFileBytes) + 1;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);

        ConfigureLogging(builder.Logging, options);

        // The base handler's "was challenged" lines say less than the handler's own refusal warnings.
        builder.Logging.AddFilter(typeof(TokenAuthenticationHandler).FullName, LogLevel.Warning);

        // The factory hands over ownership: the container disposes the stores when the server stops.
        builder.Services.AddSingleton(_ => stores);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PolicyCache>();
        WatchJobsSetup.Add(builder.Services, options, storage, watches);

        // Only what the dashboard middleware checks for: the storage, job client and filters are this server's own (above).
        builder.Services.AddHangfire(configuration => configuration.UseLogProvider(HangfireLogBridge.Instance));
        builder.Services.AddSingleton<PolicyPublisher>();
        builder.Services.AddSingleton<FleetChecks>();
        builder.Services.Configure<JsonOptions>(json => json.SerializerOptions.WriteIndented = false);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Status >= StatusCodes.Status500InternalServerError)
            {
                context.ProblemDetails.Detail = "an internal error; the server's log has it under this traceId";
            }
            else if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                context.ProblemDetails.Detail = "this endpoint takes another Content-Type: JSON bodies application/json, the policy application/yaml (docs/server.md)";
            }
        });
        // Data protection signs the dashboard's session and antiforgery cookies. Keys in memory only (no key file under
        // ~/.aspnet): a restart signs every browser out, which a token typed in again undoes.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(DashboardSession.SelectorSchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddDashboardSession();
        builder.Services.AddAuthorization(authorization =>
        {
            foreach (var role in Enum.GetValues<TeamRole>())
            {
                authorization.AddPolicy(RequiredRole.PolicyName(role), policy =>
                    policy.RequireAuthenticatedUser().RequireAssertion(context => TokenClaims.Role(context.User) >= role));
            }

            // An endpoint that forgot to name its role still needs a usable token: forgetting fails closed. Not admin-only,
            // because the 405 and 415 answers routing makes are endpoints without metadata too, and must reach any caller.
            authorization.FallbackPolicy = authorization.GetPolicy(RequiredRole.PolicyName(TeamRole.Machine));
        });
        DashboardSetup.AddDashboard(builder.Services);
        builder.Services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer<BearerSecurityTransformer>();
            openApi.AddOperationTransformer<BearerSecurityTransformer>();
        });

        var app = builder.Build();
        HangfireLogBridge.Instance.Use(app.Services.GetRequiredService<ILoggerFactory>());
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLog();
        DashboardSetup.UseDashboardAssets(app);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        HealthEndpoints.Map(app);
        var api = app.MapGroup("/api/v1");
        ScanEndpoints.Map(api);
        HistoryEndpoints.Map(api);
        DiffEndpoints.Map(api);
        ScanRequestEndpoints.Map(api);
        PolicyEndpoints.Map(api);
        InventoryEndpoints.Map(api);
        TokenEndpoints.Map(api);
        AuditEndpoints.Map(api);
        WatchEndpoints.Map(api);
        GatewayEndpoints.Map(api);

        // Admins only, by the same tokens as the API: the route's role answers 401 and 403 before Hangfire sees the request.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            DisplayStorageConnectionString = false,
            AppPath = null,
            DashboardTitle = "Telltale jobs",
        }, storage).RequireRole(TeamRole.Admin);

        DashboardSetup.MapDashboard(app);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telltale server {Version} listening on {Address}, store {Store}")]
    private static partial void LogStarted(ILogger logger, string version, string address, string store);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telltale worker {Version} running {Workers} jobs at a time, store {Store}")]
    private static partial void LogWorkerStarted(ILogger logger, string version, int workers, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening on {Address}, not loopback, over plain HTTP: tokens cross the network in clear unless a TLS proxy is in front")]
    private static partial void LogNotLoopback(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No usable admin token: stop the server and run 'telltale serve --init' to make one")]
    private static partial void LogNoAdmin(ILogger logger);
}
