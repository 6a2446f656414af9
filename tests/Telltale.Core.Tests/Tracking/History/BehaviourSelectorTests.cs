using Telltale.Findings;
using Telltale.Tracking;
using Telltale.Tracking.History;
using static Telltale.Tests.Tracking.History.TrackingFixtures;

namespace Telltale.Tests.Tracking.History;

public sealed class BehaviourSelectorTests
{
    public sealed class TheParseMethod
    {
        [Fact]
        public void Takes_any_finding_at_or_above_the_severity_without_a_text()
        {
            var selector = BehaviourSelector.Parse(null, Severity.High);

            Assert.True(selector.Matches(Finding("TT1001", Severity.High, "x")));
            Assert.False(selector.Matches(Finding("TT1001", Severity.Medium, "x")));
            Assert.Equal("any finding at high or above", selector.Description);
        }

        [Fact]
        public void Reads_a_rule_id_in_any_case()
        {
            var selector = BehaviourSelector.Parse("tt2001", Severity.Critical);

            Assert.True(selector.Matches(Channel()));
            Assert.False(selector.Matches(Finding("TT2001", Severity.High, "weaker")));
            Assert.False(selector.Matches(Finding("TT1001", Severity.Critical, "other rule")));
        }

        [Fact]
        public void Reads_a_key_as_a_timeline_prints_it()
        {
            var key = FindingIdentity.Key(Channel());
            var selector = BehaviourSelector.Parse(key, Severity.Medium);

            Assert.True(selector.Matches(Channel(line: 99)));
            Assert.False(selector.Matches(Finding("TT2001", Severity.Critical, "another channel")));
        }

        [Fact]
        public void Picks_the_most_severe_match_of_a_report()
        {
            var report = Report("npm:tool@1.0.0", Finding("TT2001", Severity.High, "a"), Channel());

            Assert.Equal(Severity.Critical, BehaviourSelector.Parse("TT2001", Severity.Medium).FirstMatch(report)!.Severity);
        }
    }
}
