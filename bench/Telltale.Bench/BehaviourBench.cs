using System.Diagnostics;
using System.Globalization;
using Telltale.Findings;
using Telltale.JavaScript;
using Telltale.Scanning;

namespace Telltale.Bench;

/// <summary>
/// Parse + behaviour analysis of one bundle, timed per phase, next to V8's own parse of the same file
/// (<c>node --check</c>) in the same run, so the ratio survives a noisy machine.
/// </summary>
internal static class BehaviourBench
{
    public static int Run(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var file = options.Required("--file");
        var runs = int.Parse(options.Get("--runs") ?? "3", CultureInfo.InvariantCulture);
        var source = File.ReadAllText(file);
        var analyzer = new BehaviourAnalyzer(ScanLimits.Default);

        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine($"file: {file} ({new FileInfo(file).Length / 1048576.0:0.0} MiB)");
        BehaviourAnalysis? last = null;
        var totals = new List<double>();
        var nodeTimes = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            last = analyzer.Analyze(source, Path.GetFileName(file));
            totals.Add(clock.Elapsed.TotalSeconds);
            nodeTimes.Add(NodeCheck(file));
            Console.WriteLine($"run {run + 1}: telltale parse {last.ParseTime.TotalSeconds:0.00} s + channels {last.ChannelTime.TotalSeconds:0.00} s + traces {last.TraceTime.TotalSeconds:0.00} s = {totals[^1]:0.00} s; node --check {nodeTimes[^1]:0.00} s");
        }

        Console.WriteLine($"median: telltale {Median(totals):0.00} s, node --check {Median(nodeTimes):0.00} s, ratio {Median(totals) / Median(nodeTimes):0.0}x");
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB");
        if (last is not null)
        {
            Console.WriteLine($"nodes {last.Nodes}, functions {last.Functions}, channels {last.ChannelCandidates}, decoder evaluations {last.DecoderEvaluations}, parse error: {last.ParseError ?? "none"}");
            foreach (var finding in last.Findings)
            {
                Console.WriteLine($"{finding.Severity} {finding.RuleId} {finding.Title} @ {finding.Location} — {finding.Description}");
                if (finding.Behaviour is { } behaviour)
                {
                    Print(behaviour.Root, "  ");
                }
            }
        }

        return 0;
    }

    private static void Print(BehaviourStep step, string indent)
    {
        var values = step.Values.Count == 0 ? "" : $" [{string.Join(", ", step.Values.Take(8))}{(step.Values.Count > 8 ? $", … {step.Values.Count} total" : "")}]";
        Console.WriteLine($"{indent}{step.Kind}: {step.Summary} @ {step.Location}{values}");
        foreach (var child in step.Children)
        {
            Print(child, indent + "  ");
        }
    }

    private static double NodeCheck(string file)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            using var node = Process.Start(new ProcessStartInfo("node", ["--check", file]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            node.WaitForExit();
            return clock.Elapsed.TotalSeconds;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return double.NaN;
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
