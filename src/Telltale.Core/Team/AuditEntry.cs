namespace Telltale.Team;

/// <summary>One successful write, as the audit log keeps it.</summary>
public sealed record AuditEntry
{
    public required long Id { get; init; }

    /// <summary>When the write was committed, UTC.</summary>
    public required DateTimeOffset At { get; init; }

    public long? TokenId { get; init; }

    public required string TokenName { get; init; }

    public required TeamRole Role { get; init; }

    public required string Method { get; init; }

    public required string Route { get; init; }

    /// <summary>What was written: <c>token:3</c>, <c>policy:7</c>, <c>inventory:12</c>, <c>scan:SHA256</c>.</summary>
    public string? Entity { get; init; }
}
