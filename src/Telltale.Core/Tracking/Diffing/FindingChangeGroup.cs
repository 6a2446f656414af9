using Telltale.Findings;

namespace Telltale.Tracking.Diffing;

/// <summary>
/// One line (or one tree) of a diff listing: a finding change, the copies of one (same key, shown once
/// with a count), or many same-rule changes collapsed into a line with a count.
/// </summary>
public sealed record FindingChangeGroup
{
    /// <summary>The changes in the group, at least one, all of one kind and severity.</summary>
    public required IReadOnlyList<FindingChange> Changes { get; init; }

    /// <summary>True for many different findings of one rule shown as one line; false for one finding (and its copies).</summary>
    public required bool Collapsed { get; init; }

    public FindingChange First => Changes[0];

    public ChangeKind Kind => First.Kind;

    public Severity Severity => First.Severity;

    public int Count => Changes.Count;

    /// <summary>
    /// What tells the collapsed findings apart, each once, in listing order: a list's kind, otherwise the
    /// decoded (or literal) evidence, shortened.
    /// </summary>
    public IReadOnlyList<string> Distinguishing(int maxChars = 40) =>
        Changes.Select(c => Describe(c.Current, maxChars)).Distinct(StringComparer.Ordinal).ToList();

    private static string Describe(Finding finding, int maxChars)
    {
        var text = finding.Items.Count > 0 ? $"{finding.Items.Count} items" : (finding.Evidence.Decoded ?? finding.Evidence.Text).ReplaceLineEndings(" ");
        return Reports.ReportText.Shorten(text, maxChars);
    }
}
