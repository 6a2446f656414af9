namespace Telltale.Team;

/// <summary>What the gateways saw of one client, totalled as their decisions arrived.</summary>
public sealed record GatewayClientSummary
{
    /// <summary>The package and version the client claims (<c>npm:@anthropic-ai/claude-code@2.1.91</c>), else its User-Agent.</summary>
    public required string Client { get; init; }

    /// <summary>Its earliest and latest decision, by the gateways' clocks.</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>Requests by action (<c>forwarded</c>, <c>normalised</c>, <c>refused</c>, <c>blocked</c>).</summary>
    public required IReadOnlyDictionary<string, long> Actions { get; init; }

    /// <summary>Changed code points by pair (<c>U+2019→U+0027</c>), summed over its requests.</summary>
    public required IReadOnlyDictionary<string, long> CodePointChanges { get; init; }

    /// <summary>Requests by the date form their prompt text showed (<c>YYYY-MM-DD</c>).</summary>
    public required IReadOnlyDictionary<string, long> DateForms { get; init; }

    /// <summary>Requests whose client claims disagreed.</summary>
    public required long Mismatches { get; init; }

    public long Requests => Actions.Values.Sum();

    /// <summary>More than one date form: the same client wrote dates differently, which docs/gateway.md explains.</summary>
    public bool DateFormVariation => DateForms.Count > 1;
}
