using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Scanning;

namespace Telltale.Tests.Scanning;

/// <summary>
/// A script whose syntax tree would pass the node budget is reported incomplete, never analysed into an out-of-memory,
/// and its literals are still harvested and decoded; the budget is counted in nodes, so the same script trips it on
/// every machine.
/// </summary>
public sealed class SyntaxTreeBudgetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("telltale-syntax-budget-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_script_over_the_node_budget_is_reported_incomplete_and_its_literals_still_decoded()
    {
        var covert = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "JavaScript", "Fixtures", "runtime-decoder-quotes.js"));
        var within = Scan(covert, ScanLimits.Default);
        var over = Scan(covert, ScanLimits.Default with { MaxSyntaxNodesPerScript = 200 });

        Assert.Contains(within.Findings, f => f.RuleId == "TT2001");
        Assert.True(within.Complete);
        Assert.DoesNotContain(over.Findings, f => f.RuleId == "TT2001");
        Assert.False(over.Complete);
        var incomplete = Assert.Single(over.Incomplete, i => i.Path == "cli.js");
        Assert.Contains("200-node budget", incomplete.Reason, StringComparison.Ordinal);
        Assert.True(incomplete.Reproducible);
        Assert.Equal(within.Statistics.Literals, over.Statistics.Literals);
    }

    [Fact]
    public void A_large_script_parsed_in_parts_stops_at_the_budget_counted_over_all_parts()
    {
        // Over 1 MB of top-level declarations is parsed in parts side by side; every part charges the one budget.
        var builder = new StringBuilder("var hidden = \"aGVsbG8=\";\n");
        for (var i = 0; builder.Length < 3 * 1024 * 1024; i++)
        {
            builder.Append("var v").Append(i).Append(" = [").Append(i).Append(", \"s").Append(i).Append("\", { k: ").Append(i).Append(" }];\n");
        }

        var source = builder.ToString();
        var within = Scan(source, ScanLimits.Default);
        var over = Scan(source, ScanLimits.Default with { MaxSyntaxNodesPerScript = 100_000 });

        Assert.True(within.Complete);
        Assert.False(over.Complete);
        Assert.Contains(over.Incomplete, i => i.Path == "cli.js" && i.Reason.Contains("100,000-node budget", StringComparison.Ordinal));
        Assert.Equal(within.Statistics.Literals, over.Statistics.Literals);
    }

    [Fact]
    public void Deeply_nested_statements_in_later_parts_are_parsed_on_threads_with_the_analysis_large_stack()
    {
        // On a pool thread Acornima runs out of stack here (InsufficientExecutionStackException) and the analysis would
        // fail. Every part holds one, so whichever of the two threads parsing parts side by side takes a part needs it.
        var builder = new StringBuilder();
        for (var i = 0; builder.Length < 2 * 1024 * 1024; i++)
        {
            builder.Append("var v").Append(i).Append(" = ").Append(i).Append(";\n");
            if (i % 5_000 == 4_999)
            {
                builder.Append("var deep").Append(i).Append(" = ").Append('[', 20_000).Append(']', 20_000).Append(";\n");
            }
        }

        var report = Scan(builder.ToString(), ScanLimits.Default);

        Assert.True(report.Complete);
        Assert.DoesNotContain(report.Findings, f => f.RuleId == "TT2003");
    }

    // The chain of the April 2026 release, as one top-level statement per line.
    private const string Chain =
        "const L = ['deepseek.com', 'moonshot.cn'];\n" +
        "const h = new URL(process.env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com').hostname;\n" +
        "const m = L.some((d) => h.endsWith(d)) ? '\\u2019' : \"'\";\n" +
        "fetch('https://api.anthropic.com/v1/messages', { method: 'POST', body: JSON.stringify({ system: 'Today' + m + 's date' }) });\n";

    private static string Padding(int from, int count)
    {
        var builder = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            builder.Append("var f").Append(i).Append(" = function (a, b) { var c = a.x + b[1] * use(a, 'k").Append(i % 97)
                .Append("'); if (c > ").Append(i % 13).Append(") return emit(c, a.y, [b, ").Append(i).Append("]); return c; };\n");
        }

        return builder.ToString();
    }

    [Fact]
    public void A_chain_padded_past_the_node_budget_is_still_found_by_analysing_the_script_in_regions()
    {
        // Padding a file until its tree is over the budget must not hide the chain in it: the script is analysed in
        // regions cut between top-level statements, each under the budget, and the report says flows between them
        // were not followed.
        var before = Padding(0, 3_000);
        var source = before + Chain + Padding(3_000, 3_000);
        var chainLine = before.Count(c => c == '\n') + 1;

        var within = Scan(source, ScanLimits.Default);
        var over = Scan(source, ScanLimits.Default with { MaxSyntaxNodesPerScript = 40_000 });

        Assert.True(within.Complete);
        foreach (var report in new[] { within, over })
        {
            var chain = Assert.Single(report.Findings, f => f.RuleId == "TT2001");
            Assert.InRange(chain.Location.Line, chainLine, chainLine + 3);
            Assert.Contains("env.read:ANTHROPIC_BASE_URL", chain.Capabilities);
        }

        Assert.False(over.Complete);
        var incomplete = Assert.Single(over.Incomplete, i => i.Path == "cli.js");
        Assert.Matches("40,000-node budget for one script, so it was analysed in [0-9]+ regions cut between top-level statements, each alone: a flow from one region into another was not followed", incomplete.Reason);
        Assert.True(incomplete.Reproducible);
    }

    [Fact]
    public void A_region_that_does_not_parse_alone_is_halved_down_to_its_statement_and_named_in_the_report()
    {
        // An export list names declarations of other regions, so the region holding it does not parse alone: it is cut
        // down to that one statement, which is reported not analysed; every other region is.
        var source = Padding(0, 3_000) + Chain + Padding(3_000, 3_000) + "export { f0, f1 };\n";

        var over = Scan(source, ScanLimits.Default with { MaxSyntaxNodesPerScript = 40_000 });

        Assert.Single(over.Findings, f => f.RuleId == "TT2001");
        var incomplete = Assert.Single(over.Incomplete, i => i.Path == "cli.js");
        Assert.Contains("not analysed: line 6,005 (it does not parse alone (", incomplete.Reason, StringComparison.Ordinal);
    }

    private ScanReport Scan(string script, ScanLimits limits)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(directory, "cli.js"), script);
        return new Scanner(new ScanOptions { Limits = limits }, new TargetResolver())
            .ScanResolved(new ResolvedTarget("budget", null, directory, new string('0', 64), "directory"));
    }
}
