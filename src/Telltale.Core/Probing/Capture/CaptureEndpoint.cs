using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Telltale.Probing.Capture;

/// <summary>
/// The local stand-in for every API a probed tool calls. It answers like the model APIs (see
/// <see cref="FakeApiResponder"/>) so the tool runs to its normal end, and records every request it receives,
/// secrets redacted, for the probe to compare across runs.
/// </summary>
public sealed class CaptureEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CaptureEndpointOptions _options;
    private readonly FakeApiResponder _responder;
    private readonly List<CapturedRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly List<ListenOptions> _listenOptions = [];
    private int _sequence;
    private bool _disposed;

    private CaptureEndpoint(CaptureEndpointOptions options)
    {
        _options = options;
        _responder = new FakeApiResponder(options.ReplyText, options.TimeProvider);

        // The empty builder reads no configuration, environment variables or appsettings and adds no logging:
        // the endpoint runs inside the probe, whose output and environment belong to the tool under test.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(CaptureEndpoint).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // The body limit is ours (MaxBodyBytes, the rest drained); Kestrel's would answer 413 and change
            // what the tool sees.
            kestrel.Limits.MaxRequestBodySize = null;
            foreach (var listener in options.Listeners)
            {
                switch (listener.EndPoint)
                {
                    case IPEndPoint ip:
                        kestrel.Listen(ip, listen => Configure(listen, listener));
                        break;
                    case FileHandleEndPoint handle:
                        kestrel.ListenHandle(handle.FileHandle, listen => Configure(listen, listener));
                        break;
                    default:
                        throw new ArgumentException($"Unsupported listener end point {listener.EndPoint}.", nameof(options));
                }
            }
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>Where each listener ended up, in the order given: a port 0 is replaced by the port bound.</summary>
    public IReadOnlyList<EndPoint> BoundEndPoints { get; private set; } = [];

    /// <summary>Every request recorded so far, in sequence order.</summary>
    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests.OrderBy(r => r.Sequence)];
            }
        }
    }

    /// <summary>Starts listening on every listener; returns once all are bound.</summary>
    public static async Task<CaptureEndpoint> StartAsync(CaptureEndpointOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Listeners.Count == 0)
        {
            throw new ArgumentException("At least one listener is needed.", nameof(options));
        }

        if (options.CertificateAuthority is null && options.Listeners.Any(l => l.UseTls))
        {
            throw new ArgumentException("A TLS listener needs a certificate authority.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBodyBytes);
        ArgumentNullException.ThrowIfNull(options.ReplyText);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DefaultHost);

        // Issued now so a bad default host fails here, not in the first handshake.
        options.CertificateAuthority?.IssueFor(options.DefaultHost, includeLoopbackAddress: true);

        var endpoint = new CaptureEndpoint(options);
        try
        {
            await endpoint._app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Kestrel writes the bound address back into each ListenOptions when it binds.
        endpoint.BoundEndPoints = [.. endpoint._listenOptions.Select(l => l.EndPoint)];
        return endpoint;
    }

    /// <summary>Forgets every recorded request. Sequence numbers keep counting, so they stay unique for the endpoint's life.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>The recorded requests, in sequence order, removed from the endpoint in the same step.</summary>
    public IReadOnlyList<CapturedRequest> Drain()
    {
        lock (_gate)
        {
            var drained = _requests.OrderBy(r => r.Sequence).ToList();
            _requests.Clear();
            return drained;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Open streams and keep-alive connections must not hold up the probe: a short grace, then cut.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void Configure(ListenOptions listen, CaptureListener listener)
    {
        _listenOptions.Add(listen);
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        if (listener.UseTls)
        {
            var authority = _options.CertificateAuthority!;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, serverName) => authority.SelectFor(serverName, _options.DefaultHost),
            });
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var receivedAt = _options.TimeProvider.GetUtcNow();
        var cancellationToken = context.RequestAborted;
        var request = context.Request;

        var body = await RequestBodyReader.ReadAsync(request.Body, request.Headers.ContentEncoding, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        // The responder gets the body as sent; what is kept loses the probe's own placeholder keys. Credential-shaped
        // values stay until a report publishes them (SecretRedaction.Published): a channel could hide in one.
        var secrets = _options.KnownSecrets;
        var captured = new CapturedRequest(
            sequence,
            request.Method,
            HostOf(context),
            SecretRedaction.RedactKnown(PathOf(context), secrets),
            Headers(request).ToDictionary(h => h.Key, h => SecretRedaction.RedactKnown(h.Value, secrets), StringComparer.OrdinalIgnoreCase),
            SecretRedaction.RedactKnown(body, secrets),
            receivedAt);

        // Recorded before answering: once a client has its response, the request is in Requests.
        lock (_gate)
        {
            _requests.Add(captured);
        }

        await _responder.RespondAsync(context, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The request target as the client sent it, escapes and all (Request.Path is decoded, and a tool that hides
    /// data in a path should be seen doing so), with credential query values redacted.
    /// </summary>
    private static string PathOf(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            target = context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? target : target[..question] + SecretRedaction.RedactQuery(target[question..]);
    }

    /// <summary>The Host header's name without its port; SNI when there is no Host (HTTP/1.0).</summary>
    private static string HostOf(HttpContext context)
    {
        if (context.Request.Host.HasValue)
        {
            return context.Request.Host.Host.ToLowerInvariant();
        }

        return context.Features.Get<ITlsHandshakeFeature>()?.HostName?.ToLowerInvariant() ?? string.Empty;
    }

    /// <summary>Header names lower-cased (as HTTP/2 sends them), repeated headers joined with ", ", secrets redacted.</summary>
    private static Dictionary<string, string> Headers(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            var key = name.ToLowerInvariant();
            headers[key] = SecretRedaction.IsSecretName(key) ? SecretRedaction.Redacted : values.ToString();
        }

        return headers;
    }
}
