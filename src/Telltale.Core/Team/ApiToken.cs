namespace Telltale.Team;

/// <summary>An API token as the store keeps it: everything but the secret, which is never stored (only its SHA-256).</summary>
public sealed record ApiToken
{
    public required long Id { get; init; }

    /// <summary>Who or what holds it ("ci", "laptop fleet", "alice"), chosen by the admin who made it.</summary>
    public required string Name { get; init; }

    public required TeamRole Role { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The token that made it; null for the first admin token, made by <c>serve --init</c>.</summary>
    public long? CreatedBy { get; init; }

    /// <summary>When it was revoked; null while it is usable.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsRevoked => RevokedAt is not null;
}
