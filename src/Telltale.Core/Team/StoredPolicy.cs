namespace Telltale.Team;

/// <summary>One version of the team's policy: the YAML exactly as it was put, and who put it when.</summary>
public sealed record StoredPolicy
{
    /// <summary>1 for the first policy put, then one more for each change.</summary>
    public required long Version { get; init; }

    public required string Yaml { get; init; }

    /// <summary>The policy's <c>name</c>, as the loader read it.</summary>
    public required string Name { get; init; }

    public required int Entries { get; init; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Yaml"/> in UTF-8: tells a change from putting the same text again.</summary>
    public required string Sha256 { get; init; }

    public required DateTimeOffset SavedAt { get; init; }

    public long? SavedByTokenId { get; init; }

    public required string SavedBy { get; init; }
}
