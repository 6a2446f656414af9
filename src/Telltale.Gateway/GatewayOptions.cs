using System.Net;
using System.Text.Json.Nodes;
using Telltale.Policy;
using Telltale.Probing.Capture;

namespace Telltale.Gateway;

/// <summary>How <see cref="TelltaleGateway"/> is started.</summary>
public sealed record GatewayOptions
{
    /// <summary>Where to listen; loopback by default, since the gateway holds callers' API keys in flight. Port 0 picks a free port.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 8788);

    /// <summary>
    /// Listeners to use instead of <see cref="Listen"/>: sockets made elsewhere (a probe's network namespace), with TLS
    /// from <see cref="CertificateAuthority"/> where a listener asks for it.
    /// </summary>
    public IReadOnlyList<CaptureListener> Listeners { get; init; } = [];

    /// <summary>Issues the certificates of TLS <see cref="Listeners"/>, per host name the client asks for.</summary>
    public RunCertificateAuthority? CertificateAuthority { get; init; }

    /// <summary>The routes; when empty, one route for every path from <see cref="Upstream"/>, <see cref="Mode"/> and <see cref="Normalise"/>.</summary>
    public IReadOnlyList<GatewayRoute> Routes { get; init; } = [];

    /// <summary>The API every request is forwarded to when no <see cref="Routes"/> are given: <c>https://api.anthropic.com</c>.</summary>
    public Uri? Upstream { get; init; }

    public GatewayMode Mode { get; init; } = GatewayMode.Normalise;

    public NormaliseOptions Normalise { get; init; } = NormaliseOptions.Default;

    /// <summary>The policy <see cref="GatewayMode.Block"/> judges clients by; required when a route blocks.</summary>
    public PolicyDocument? Policy { get; init; }

    /// <summary>A file the decision log is appended to, one JSON object a line; null for the console log only.</summary>
    public string? DecisionLogPath { get; init; }

    /// <summary>Keep request bodies (the prompt text) in the decision log; off by default.</summary>
    public bool LogBodies { get; init; }

    public GatewayLimits Limits { get; init; } = GatewayLimits.Default;

    /// <summary>
    /// Send the client's Host header upstream instead of the upstream's own. Only for an upstream that stands in for many
    /// hosts (a probe's capture endpoint); a real API expects its own name.
    /// </summary>
    public bool PreserveHost { get; init; }

    /// <summary>Called with every decision once it is complete (the probe collects them); never with a request body.</summary>
    public Action<JsonObject>? DecisionObserver { get; init; }

    /// <summary>JSON logs (and decision lines) on standard error; tests turn it off.</summary>
    public bool ConsoleLogging { get; init; } = true;

    /// <summary>The clock policy dates are judged by.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The team server the decisions are also sent to; null to keep them on this machine.</summary>
    public DecisionServer? DecisionServer { get; init; }

    /// <summary>The routes in force: <see cref="Routes"/>, or the single route the shorthand options make.</summary>
    public IReadOnlyList<GatewayRoute> EffectiveRoutes() => Routes.Count > 0
        ? Routes
        : Upstream is { } upstream
            ? [new GatewayRoute { Upstream = upstream, Mode = Mode, Normalise = Normalise }]
            : [];
}
