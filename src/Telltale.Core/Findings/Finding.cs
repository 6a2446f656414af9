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

    /// <summary>
    /// How many places gave this same finding (same rule, title and evidence): a package that repeats one string a
    /// million times gets one finding with a count, so a report grows with what differs, not with the input.
    /// </summary>
    public int Occurrences { get; init; } = 1;

    /// <summary>The first few of the other places counted in <see cref="Occurrences"/>, in report order.</summary>
    public IReadOnlyList<SourceLocation> OtherLocations { get; init; } = [];

    /// <summary>For behaviour findings: the explained chain from environment to output.</summary>
    public Behaviour? Behaviour { get; init; }
}
