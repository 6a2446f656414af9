using System.Text.Json;
using Telltale.Findings;
using Telltale.JavaScript;
using Telltale.Scanning;

namespace Telltale.Tests.JavaScript;

public class BehaviourAnalyzerTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "JavaScript", "Fixtures");

    internal static BehaviourAnalysis Analyze(string source, string path = "fixture.js") =>
        new BehaviourAnalyzer(ScanLimits.Default).Analyze(source, path);

    /// <summary>Every fixture beside its expected behaviours: <c>x.js</c> + <c>x.expected.json</c>.</summary>
    public class Fixtures
    {
        public static TheoryData<string> Names()
        {
            var names = new TheoryData<string>();
            foreach (var file in Directory.EnumerateFiles(FixtureDirectory).Where(f => f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".mjs", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                names.Add(Path.GetFileName(file));
            }

            return names;
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void Finds_what_the_fixture_expects(string name)
        {
            var source = File.ReadAllText(Path.Combine(FixtureDirectory, name));
            var expectedPath = Path.Combine(FixtureDirectory, Path.GetFileNameWithoutExtension(name) + ".expected.json");
            using var expected = JsonDocument.Parse(File.ReadAllText(expectedPath));

            var analysis = Analyze(source, name);

            Assert.Null(analysis.ParseError);
            var unmatched = analysis.Findings.Where(f => f.Behaviour is not null).ToList();
            foreach (var behaviour in expected.RootElement.GetProperty("behaviours").EnumerateArray())
            {
                Assert.True(SeverityNames.TryParse(behaviour.GetProperty("severity").GetString(), out var severity));
                var capabilities = behaviour.GetProperty("capabilitiesInclude").EnumerateArray().Select(c => c.GetString()!).ToList();
                var values = behaviour.GetProperty("valuesInclude").EnumerateArray().Select(c => c.GetString()!).ToList();
                var minBits = behaviour.GetProperty("minCapacityBits").GetDouble();
                var match = analysis.Findings.FirstOrDefault(f => f.Behaviour is { } b && f.Severity == severity
                    && capabilities.All(f.Capabilities.Contains)
                    && values.All(v => b.Steps().Any(s => s.Values.Contains(v)))
                    && b.CapacityBits >= minBits);
                Assert.True(match is not null, $"{name}: no {severity} behaviour with [{string.Join(", ", capabilities)}] and values [{string.Join(", ", values)}]; found:\n{Describe(analysis)}");
                unmatched.Remove(match);
            }

            Assert.True(SeverityNames.TryParse(expected.RootElement.GetProperty("maxOtherSeverity").GetString(), out var ceiling));
            var tooSevere = unmatched.Where(f => f.Severity > ceiling).ToList();
            Assert.True(tooSevere.Count == 0, $"{name}: unexpected behaviours above {ceiling}:\n{Describe(analysis)}");
        }

        private static string Describe(BehaviourAnalysis analysis) => string.Join("\n", analysis.Findings.Select(f =>
            $"  {f.Severity} [{string.Join(", ", f.Capabilities)}] {f.Behaviour?.CapacityBits} bits: values [{string.Join(", ", f.Behaviour?.Steps().SelectMany(s => s.Values).Take(20) ?? [])}]"));
    }
}
