namespace Telltale.Team;

/// <summary>A gateway decision as the team store keeps it: the decision, which gateway sent it and when it arrived.</summary>
public sealed record StoredGatewayDecision
{
    public required long Id { get; init; }

    /// <summary>The name the gateway gave itself (<c>telltale gateway --name</c>).</summary>
    public required string Gateway { get; init; }

    public required string RequestId { get; init; }

    /// <summary>When the gateway decided, by its clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>When the server stored it.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    public required string Action { get; init; }

    public required string Client { get; init; }

    /// <summary>The decision line, without <c>body</c>.</summary>
    public required string Json { get; init; }
}
