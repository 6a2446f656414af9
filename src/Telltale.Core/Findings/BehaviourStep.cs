namespace Telltale.Findings;

/// <summary>
/// One node of a behaviour tree. The root is where the text leaves the process; children are what the
/// step depends on, so every root-to-leaf path read backwards is one source → comparison → list →
/// channel → sink chain.
/// </summary>
public sealed record BehaviourStep
{
    public required BehaviourStepKind Kind { get; init; }

    /// <summary>One line for a reviewer, e.g. <c>host name of env ANTHROPIC_BASE_URL</c>.</summary>
    public required string Summary { get; init; }

    public required SourceLocation Location { get; init; }

    /// <summary>The code as written at the location, shortened.</summary>
    public string Excerpt { get; init; } = "";

    /// <summary>Concrete values: list items, compared constants, channel variants (as written).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>For lists that only exist decoded: the decode chain, outermost first.</summary>
    public IReadOnlyList<string> DecodeChain { get; init; } = [];

    /// <summary>Normalised capability name of this step, e.g. <c>env.read:ANTHROPIC_BASE_URL</c>.</summary>
    public string? Capability { get; init; }

    public IReadOnlyList<BehaviourStep> Children { get; init; } = [];
}
