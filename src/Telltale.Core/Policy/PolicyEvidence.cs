namespace Telltale.Policy;

/// <summary>
/// Why an entry says what it says: a stored scan (<see cref="Kind"/> <c>scan</c>, <see cref="Id"/> its sha256),
/// a stored history or bisection (<c>history</c>, <c>bisect</c>: the timeline id), a probe report (<c>probe</c>:
/// a file or its sha256), or a link (<c>url</c>). A stored one opens with <c>telltale report show</c>.
/// </summary>
public sealed record PolicyEvidence(string Kind, string Id)
{
    /// <summary>What it shows, one line.</summary>
    public string? Note { get; init; }

    /// <summary>The evidence kinds a policy may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["scan", "history", "bisect", "probe", "report", "url"];
}
