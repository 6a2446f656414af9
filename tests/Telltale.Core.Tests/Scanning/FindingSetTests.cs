using Telltale.Findings;
using Telltale.Scanning;

namespace Telltale.Tests.Scanning;

public sealed class FindingSetTests
{
    private static Finding Hit(string path, long offset, string text = "same", string rule = "TT1101", Severity severity = Severity.High) => new()
    {
        RuleId = rule,
        Title = "Indicator hidden",
        Severity = severity,
        Location = new SourceLocation(path, 0, 0, offset),
        Evidence = new Evidence(text, "deepseek", ["xor 0x5B"]),
    };

    [Fact]
    public void Counts_identical_findings_once_with_their_first_other_locations()
    {
        var list = FindingSet.Bound(Enumerable.Range(0, 50).Select(i => Hit("a.bin", i * 10)), 100);

        var finding = Assert.Single(list);
        Assert.Equal(50, finding.Occurrences);
        Assert.Equal(0, finding.Location.Offset);
        Assert.Equal(Enumerable.Range(1, FindingSet.MaxOtherLocations).Select(i => (long)i * 10), finding.OtherLocations.Select(l => l.Offset));
    }

    [Fact]
    public void Keeps_findings_with_other_evidence_apart_and_in_order()
    {
        var list = FindingSet.Bound([Hit("a.bin", 0, "x"), Hit("a.bin", 5, "y"), Hit("a.bin", 9, "x")], 100);

        Assert.Equal(["x", "y"], list.Select(f => f.Evidence.Text));
        Assert.Equal([2, 1], list.Select(f => f.Occurrences));
    }

    [Fact]
    public void Folds_distinct_findings_past_the_limit_into_one_summary_per_rule_and_file()
    {
        var hits = Enumerable.Range(0, 10_000).Select(i => Hit("a.bin", i, $"text {i}", severity: i == 9_999 ? Severity.Critical : Severity.High))
            .Concat([Hit("b.bin", 0, "another text")]);

        var list = FindingSet.Bound(hits, 100);

        Assert.Equal(102, list.Count);
        var summary = list[100];
        Assert.EndsWith(FindingSet.OverflowTitleSuffix, summary.Title, StringComparison.Ordinal);
        Assert.Contains("9,900", summary.Title, StringComparison.Ordinal);
        Assert.Equal(9_900, summary.Occurrences);
        Assert.Equal(Severity.Critical, summary.Severity);
        Assert.Equal("b.bin", list[101].Location.Path);
    }

    [Fact]
    public void Never_merges_two_behaviour_findings()
    {
        var behaviour = new Behaviour
        {
            Root = new BehaviourStep { Kind = BehaviourStepKind.Sink, Summary = "network", Location = new SourceLocation("a.js", 1, 1, 0) },
            CapacityBits = 1,
        };
        var list = FindingSet.Bound([Hit("a.js", 0) with { Behaviour = behaviour }, Hit("a.js", 0) with { Behaviour = behaviour }], 100);

        Assert.Equal(2, list.Count);
    }
}
