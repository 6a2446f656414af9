namespace Telltale.Team;

/// <summary>An npm package the server watches: each version it covers is scanned once and compared with the one before.</summary>
public sealed record WatchedPackage
{
    public required long Id { get; init; }

    /// <summary>The npm name, as the registry spells it.</summary>
    public required string Package { get; init; }

    /// <summary>The npm range of versions covered; null for the latest release at the first poll and every later one.</summary>
    public string? Range { get; init; }

    /// <summary>The platform whose optional platform packages are scanned with each version (<c>linux-x64</c>, or <c>none</c>).</summary>
    public required string Platform { get; init; }

    /// <summary>Without a range: the latest release when the watch was first polled; null before that.</summary>
    public string? Baseline { get; init; }

    public required DateTimeOffset AddedAt { get; init; }

    /// <summary>The name of the token that added it.</summary>
    public required string AddedBy { get; init; }
}
