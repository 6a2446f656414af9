namespace Telltale.Team;

/// <summary>
/// One decision line of a <c>telltale gateway</c> (docs/gateway.md, "The decision log") as the team store takes it: the
/// line itself without its <c>body</c>, and what the per-client totals count, read out of it once by the server.
/// </summary>
public sealed record GatewayDecision
{
    /// <summary>The gateway's id for the request; with the gateway's name, what makes a retried batch count once.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the gateway decided, by its clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary><c>forwarded</c>, <c>normalised</c>, <c>refused</c> or <c>blocked</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Who sent the request (<see cref="GatewayClients.Key"/>): the package and version it claims, else its User-Agent.</summary>
    public required string Client { get; init; }

    /// <summary>The decision line as the gateway sent it, without <c>body</c>.</summary>
    public required string Json { get; init; }

    /// <summary>One <c>U+2019→U+0027</c> per changed code point (<c>U+200B→removed</c> for a removal).</summary>
    public IReadOnlyList<string> CodePointChanges { get; init; } = [];

    /// <summary>The date forms the request's prompt text showed (<c>YYYY/MM/DD</c>), each once.</summary>
    public IReadOnlyList<string> DateForms { get; init; } = [];

    /// <summary>Whether the client's claims disagreed with each other (the line's <c>mismatches</c>).</summary>
    public bool HasMismatches { get; init; }
}
