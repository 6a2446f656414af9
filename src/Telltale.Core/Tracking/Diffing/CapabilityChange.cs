using Telltale.Findings;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// One capability across two reports, e.g. the environment variable <c>ANTHROPIC_BASE_URL</c> is now read,
/// or the hidden list of domains gained three entries.
/// </summary>
public sealed record CapabilityChange
{
    public required CapabilityCategory Category { get; init; }

    public required ChangeKind Kind { get; init; }

    /// <summary>The capability name it was derived from (<c>env.read:ANTHROPIC_BASE_URL</c>, <c>list.hidden:domains</c>, <c>sink.network</c>) or, for a URL, <c>url</c>.</summary>
    public required string Capability { get; init; }

    /// <summary>What is shown: the variable, the host or URL, the list kind, the channel kind.</summary>
    public required string Name { get; init; }

    /// <summary>One line more, e.g. a sink's summary or a channel's variants; empty when there is nothing to add.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The highest severity among the findings that show the capability (the new report's unless removed).</summary>
    public Severity Severity { get; init; }

    /// <summary>For hidden lists: entries in the old and the new list (0 for the side without one).</summary>
    public int OldCount { get; init; }

    public int NewCount { get; init; }

    /// <summary>For hidden lists: entries only in the new list (all of them when the list is new).</summary>
    public IReadOnlyList<string> ItemsAdded { get; init; } = [];

    /// <summary>For hidden lists: entries only in the old list (all of them when the list is gone).</summary>
    public IReadOnlyList<string> ItemsRemoved { get; init; } = [];

    /// <summary>For covert channels: the variants chosen between, as written.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];
}
