using Telltale.JavaScript;
using Telltale.Scanning;

namespace Telltale.Tests.JavaScript.Obfuscation;

/// <summary>
/// Every behaviour fixture passed through javascript-obfuscator with each of its presets and held to the very
/// expectations of the readable fixture: a positive fixture must still show its critical behaviour with the same
/// capabilities and values, a negative one must stay at or below its ceiling. Obfuscation changes how a program
/// is written, not what it does, so neither what Telltale finds nor what it must not find may change with it.
/// </summary>
public class ObfuscatedFixtureTests
{
    /// <summary>Every fixture × every preset.</summary>
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var name in FixtureExpectations.Names())
        {
            foreach (var preset in JavaScriptObfuscator.Presets)
            {
                cases.Add(name, preset);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Finds_what_the_fixture_expects_after_obfuscation(string name, string preset)
    {
        var obfuscated = Obfuscated(name, preset);
        using var expected = FixtureExpectations.Expected(name);

        var analysis = new BehaviourAnalyzer(ScanLimits.Default).Analyze(obfuscated, name);

        FixtureExpectations.AssertMatches(analysis, expected, $"{name} ({preset})");
    }

    /// <summary>
    /// The corpus is real obfuscated code: the tool changed the text (its hexadecimal <c>_0x</c> names are in it)
    /// and node still parses the result as the same kind of program, so a failure above is Telltale's, not a
    /// broken or untouched input's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Obfuscated_output_is_changed_code_that_node_accepts(string name, string preset)
    {
        var source = FixtureExpectations.Source(name);

        var obfuscated = Obfuscated(name, preset);

        Assert.NotEqual(source, obfuscated);
        Assert.Contains("_0x", obfuscated, StringComparison.Ordinal);
        var error = JavaScriptObfuscator.SyntaxError(obfuscated, IsModule(name));
        Assert.True(error is null, $"{name} ({preset}): node --check rejects the obfuscated output:\n{error}");
    }

    private static string Obfuscated(string name, string preset) =>
        JavaScriptObfuscator.Obfuscate(FixtureExpectations.Source(name), preset, IsModule(name));

    private static bool IsModule(string name) => name.EndsWith(".mjs", StringComparison.Ordinal);
}
