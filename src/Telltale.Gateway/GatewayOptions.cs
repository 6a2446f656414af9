using System.Net;
using Telltale.Policy;

namespace Telltale.Gateway;

/// <summary>How <see cref="TelltaleGateway"/> is started.</summary>
public sealed record GatewayOptions
{
    /// <summary>Where to listen; loopback by default, since the gateway holds callers' API keys in flight. Port 0 picks a free port.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 8788);

    /// <summary>The API every request is forwarded to, with its path appended: <c>https://api.anthropic.com</c>.</summary>
    public required Uri Upstream { get; init; }

    public GatewayMode Mode { get; init; } = GatewayMode.Normalise;

    /// <summary>The policy <see cref="GatewayMode.Block"/> judges clients by; required in that mode, unused otherwise.</summary>
    public PolicyDocument? Policy { get; init; }

    /// <summary>A file the decision log is appended to, one JSON object a line; null for the console log only.</summary>
    public string? DecisionLogPath { get; init; }

    /// <summary>Keep request bodies (the prompt text) in the decision log; off by default.</summary>
    public bool LogBodies { get; init; }

    public NormaliseOptions Normalise { get; init; } = NormaliseOptions.Default;

    public GatewayLimits Limits { get; init; } = GatewayLimits.Default;

    /// <summary>JSON logs (and decision lines) on standard error; tests turn it off.</summary>
    public bool ConsoleLogging { get; init; } = true;

    /// <summary>The clock policy dates are judged by.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The team server the decisions are also sent to; null to keep them on this machine.</summary>
    public DecisionServer? DecisionServer { get; init; }
}
