using System.Text.Json;
using Telltale.Findings;
using Telltale.JavaScript;

namespace Telltale.Tests.JavaScript;

/// <summary>
/// The behaviour fixtures in <c>JavaScript/Fixtures</c> and the one check of an analysis against a fixture's
/// <c>x.expected.json</c>, shared by every test that analyses a fixture in some form (as written, obfuscated, …)
/// so that each form is held to exactly the same expectations.
/// </summary>
internal static class FixtureExpectations
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "JavaScript", "Fixtures");

    /// <summary>Every fixture's file name (<c>x.js</c> / <c>x.mjs</c>), in ordinal order.</summary>
    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Folder)
            .Where(f => f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".mjs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f));

    public static string Source(string name) => File.ReadAllText(Path.Combine(Folder, name));

    /// <summary>The parsed <c>x.expected.json</c> beside fixture <paramref name="name"/>; the caller disposes it.</summary>
    public static JsonDocument Expected(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, Path.GetFileNameWithoutExtension(name) + ".expected.json")));

    /// <summary>
    /// Every expected behaviour is found, each by a different finding, at its severity, with all its capabilities,
    /// all its values somewhere in its steps and at least its capacity; every other behaviour finding stays at or
    /// below <c>maxOtherSeverity</c>. <paramref name="name"/> only labels the failure messages.
    /// </summary>
    public static void AssertMatches(BehaviourAnalysis analysis, JsonDocument expected, string name)
    {
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

    public static string Describe(BehaviourAnalysis analysis) => string.Join("\n", analysis.Findings.Select(f =>
        $"  {f.Severity} [{string.Join(", ", f.Capabilities)}] {f.Behaviour?.CapacityBits} bits: values [{string.Join(", ", f.Behaviour?.Steps().SelectMany(s => s.Values).Take(20) ?? [])}]"));
}
