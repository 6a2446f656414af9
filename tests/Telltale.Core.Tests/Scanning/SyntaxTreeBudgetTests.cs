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

    private ScanReport Scan(string script, ScanLimits limits)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(directory, "cli.js"), script);
        return new Scanner(new ScanOptions { Limits = limits }, new TargetResolver())
            .ScanResolved(new ResolvedTarget("budget", null, directory, new string('0', 64), "directory"));
    }
}
