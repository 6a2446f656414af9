using Telltale.JavaScript;
using Telltale.Scanning;

namespace Telltale.Tests.JavaScript;

public class BehaviourAnalyzerTests
{
    internal static BehaviourAnalysis Analyze(string source, string path = "fixture.js") =>
        new BehaviourAnalyzer(ScanLimits.Default).Analyze(source, path);

    /// <summary>Every fixture beside its expected behaviours: <c>x.js</c> + <c>x.expected.json</c>.</summary>
    public class Fixtures
    {
        public static TheoryData<string> Names()
        {
            var names = new TheoryData<string>();
            foreach (var name in FixtureExpectations.Names())
            {
                names.Add(name);
            }

            return names;
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void Finds_what_the_fixture_expects(string name)
        {
            var source = FixtureExpectations.Source(name);
            using var expected = FixtureExpectations.Expected(name);

            var analysis = Analyze(source, name);

            FixtureExpectations.AssertMatches(analysis, expected, name);
        }
    }
}
