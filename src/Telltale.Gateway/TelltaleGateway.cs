using System.Net;
using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
    /// <exception cref="ArgumentException">when block mode has no policy.</exception>
    /// <exception cref="IOException">when the address cannot be bound (in use, not this machine's).</exception>
    public static async Task<RunningGateway> StartAsync(GatewayOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == GatewayMode.Block && options.Policy is null)
        {
            throw new ArgumentException("block mode needs a policy", nameof(options));
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
            kestrel.Listen(options.Listen);

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
        builder.Services.AddSingleton<GatewayRequestHandler>();
        builder.Services.AddSingleton<DecisionUpload>().AddHostedService(services => services.GetRequiredService<DecisionUpload>());

        var app = builder.Build();
        var handler = app.Services.GetRequiredService<GatewayRequestHandler>();
        app.Run(handler.HandleAsync);
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
            LogStarted(app.Logger, running.BaseAddress.ToString(), options.Upstream.ToString(), options.Mode.ToString().ToLowerInvariant());
        }

        if (!IPAddress.IsLoopback(options.Listen.Address))
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

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "telltale gateway listening on {Address}, forwarding to {Upstream} in {Mode} mode")]
    private static partial void LogStarted(ILogger logger, string address, string upstream, string mode);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "listening on {Address}, not loopback: anyone who can reach it can spend the API keys sent through it")]
    private static partial void LogNotLoopback(ILogger logger, string address);
}
