namespace Telltale.Findings;

/// <summary>One thing worth a reviewer's attention, as data: the front ends decide how it looks.</summary>
public sealed record Finding
{
    public required string RuleId { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }

    /// <summary>0..1: how sure the detection is that the evidence means what the title says.</summary>
    public double Confidence { get; init; } = 1.0;

    public required SourceLocation Location { get; init; }
    public required Evidence Evidence { get; init; }

    /// <summary>A sentence or two on why this matters; may be empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>Normalised capability names (e.g. <c>list.hidden:domains</c>) that diffs compare across releases.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>For list findings: the list's items as decoded.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>For behaviour findings: the explained chain from environment to output.</summary>
    public Behaviour? Behaviour { get; init; }
}
