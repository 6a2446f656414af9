namespace Telltale.Gateway;

/// <summary>
/// The team server a gateway sends its decisions to (<c>telltale gateway --server</c>, docs/gateway.md): its address,
/// a token of <c>machine</c> role or above, and the name the gateway reports under. Lines are sent without <c>body</c>.
/// </summary>
/// <param name="Server">The server's root, <c>http://127.0.0.1:7878/</c>.</param>
/// <param name="Token">Sent as <c>Authorization: Bearer</c>.</param>
/// <param name="GatewayName">How this gateway is named on the server; decisions are unique per name and request id.</param>
public sealed record DecisionServer(Uri Server, string Token, string GatewayName)
{
    /// <summary>A batch is sent when it has this many decisions, or <see cref="FlushInterval"/> after its first.</summary>
    public int BatchSize { get; init; } = 200;

    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Decisions waiting to be sent; past this, new ones are dropped and counted rather than held in memory.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    // A record prints every property; the token must not reach a log line through GatewayOptions.
    public override string ToString() => $"DecisionServer {{ Server = {Server}, GatewayName = {GatewayName} }}";
}
