using Telltale.Tracking.History;

namespace Telltale.Tracking.Store;

/// <summary>
/// A history or bisection kept in the result store: <c>history:ID</c> names it as a policy's evidence and in
/// <c>report show</c>, <c>policy suggest --from</c>.
/// </summary>
public sealed record StoredTimeline
{
    public required long Id { get; init; }

    /// <summary><c>history</c> or <c>bisect</c>.</summary>
    public required string Kind { get; init; }

    public required string Package { get; init; }

    public string? Range { get; init; }

    public string? Platform { get; init; }

    /// <summary>What a bisection looked for; null for a history.</summary>
    public string? Behaviour { get; init; }

    public required string ToolVersion { get; init; }

    public required DateTimeOffset MadeAt { get; init; }

    /// <summary>The document as <see cref="TimelineJsonWriter"/> wrote it.</summary>
    public required string Json { get; init; }

    /// <summary>How a user names it: <c>history:12</c>.</summary>
    public string Key => $"{KeyPrefix}{Id}";

    public const string KeyPrefix = "history:";

    public const string HistoryKind = "history";

    public const string BisectKind = "bisect";

    /// <summary>The timeline or the bisection, read back.</summary>
    /// <exception cref="InvalidDataException">when the stored document does not read.</exception>
    public (VersionTimeline? Timeline, BisectResult? Bisection) Read() => TimelineJsonReader.Read(Json);
}
