using System.Net;
using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telltale.Probing.Capture;
using Yarp.ReverseProxy.Forwarder;

namespace Telltale.Gateway;

/// <summary>
/// <c>telltale gateway</c>: a reverse proxy in front of an LLM API (docs/gateway.md, "The front end"). Kestrel takes the
/// request, <see cref="GatewayRequestHandler"/> decides with Telltale.Core, and YARP's <see cref="IHttpForwarder"/>
/// sends it on and streams the response back.
/// </summary>
public static partial class TelltaleGateway
{
    /// <summary>Binds the address and starts forwarding; the caller stops it.</summary>
    /// <exception cref="ArgumentException">when the routes are not usable (<see cref="RouteProblem"/>).</exception>
    /// <exception cref="IOException">when the address cannot be bound (in use, not this machine's).</exception>
    public static async Task<RunningGateway> StartAsync(GatewayOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (RouteProblem(options) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(TelltaleGateway).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,

            // Never Development: that environment shows exception pages with stack traces to clients.
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (options.Listeners.Count == 0)
            {
                kestrel.Listen(options.Listen);
            }

            foreach (var listener in options.Listeners)
            {
                ListenOn(kestrel, listener, options);
            }

            // Bodies on other paths (uploads) stream through unread; the API paths' bodies are bounded by LimitedBodyReader.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => new DecisionLog(options.DecisionLogPath));
        builder.Services.AddSingleton(_ => new HttpMessageInvoker(new SocketsHttpHandler
        {
            // A proxy passes on what it is given: no redirects followed, no cookies kept, no decompression, no environment proxy.
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ActivityHeadersPropagator = null,
        }));
        builder.Services.AddSingleton<ClientDateForms>();
        builder.Services.AddSingleton<GatewayRequestHandler>();
        builder.Services.AddSingleton<DecisionUpload>().AddHostedService(services => services.GetRequiredService<DecisionUpload>());

        var app = builder.Build();
        var handler = app.Services.GetRequiredService<GatewayRequestHandler>();
        app.Run(handler.HandleAsync);
        app.Lifetime.ApplicationStopped.Register(handler.RecordSummary);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var running = new RunningGateway(app);
        if (app.Logger.IsEnabled(LogLevel.Information))
        {
            foreach (var route in options.EffectiveRoutes())
            {
                LogStarted(app.Logger, running.BaseAddress.ToString().TrimEnd('/') + route.PathPrefix, route.Upstream.ToString(), route.Mode.ToString().ToLowerInvariant());
            }
        }

        if (options.Listeners.Count == 0 && !IPAddress.IsLoopback(options.Listen.Address))
        {
            LogNotLoopback(app.Logger, options.Listen.ToString());
        }

        return running;
    }

    /// <summary>Forwards until <paramref name="cancellationToken"/> is cancelled or the process gets SIGTERM, then drains and stops.</summary>
    public static async Task RunAsync(GatewayOptions options, CancellationToken cancellationToken)
    {
        await using var running = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        await running.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What is wrong with the routes, in one line, or null: none, a prefix not starting with '/', the same prefix twice, a block route without a policy.</summary>
    public static string? RouteProblem(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var routes = options.EffectiveRoutes();
        if (routes.Count == 0)
        {
            return "no upstream: give an upstream or at least one route";
        }

        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            if (!GatewayRoute.IsPathPrefix(route.PathPrefix))
            {
                return $"route {route.Name}: the prefix must be a path starting with '/'";
            }

            if (!prefixes.Add(route.PathPrefix.TrimEnd('/')))
            {
                return $"route {route.Name}: another route has the prefix {route.PathPrefix}";
            }

            if (!GatewayRoute.IsUpstreamAddress(route.Upstream))
            {
                return $"route {route.Name}: the upstream must be http(s)://HOST[:PORT][/PREFIX]";
            }

            if (route.Mode == GatewayMode.Block && options.Policy is null)
            {
                return $"route {route.Name}: block mode needs a policy";
            }
        }

        return null;
    }

    private static void ListenOn(KestrelServerOptions kestrel, CaptureListener listener, GatewayOptions options)
    {
        void Configure(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            if (listener.UseTls)
            {
                var authority = options.CertificateAuthority ?? throw new ArgumentException("a TLS listener needs a certificate authority", nameof(options));
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificateSelector = (_, serverName) => authority.SelectFor(serverName, "localhost"),
                });
            }
        }

        switch (listener.EndPoint)
        {
            case IPEndPoint ip:
                kestrel.Listen(ip, Configure);
                break;
            case FileHandleEndPoint handle:
                kestrel.ListenHandle(handle.FileHandle, Configure);
                break;
            default:
                throw new ArgumentException($"unsupported listener {listener}", nameof(options));
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "telltale gateway listening on {Address}, forwarding to {Upstream} in {Mode} mode")]
    private static partial void LogStarted(ILogger logger, string address, string upstream, string mode);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "listening on {Address}, not loopback: anyone who can reach it can spend the API keys sent through it")]
    private static partial void LogNotLoopback(ILogger logger, string address);
}
