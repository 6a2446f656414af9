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
        var acorn = options.Get("--acorn");
        var source = File.ReadAllText(file);
        var analyzer = new BehaviourAnalyzer(ScanLimits.Default);

        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine($"file: {file} ({new FileInfo(file).Length / 1048576.0:0.0} MiB)");
        BehaviourAnalysis? last = null;
        var totals = new List<double>();
        var parseTimes = new List<double>();
        var nodeTimes = new List<double>();
        var acornTimes = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            var gcBefore = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2), Pause: GC.GetTotalPauseDuration(), Allocated: GC.GetTotalAllocatedBytes());
            var clock = Stopwatch.StartNew();
            last = analyzer.Analyze(source, Path.GetFileName(file));
            totals.Add(clock.Elapsed.TotalSeconds);
            // The analysis builds a tree that lives until it ends: what the collector spends on it is part of the cost.
            Console.WriteLine($"gc: {GC.CollectionCount(0) - gcBefore.Gen0} gen0, {GC.CollectionCount(1) - gcBefore.Gen1} gen1, {GC.CollectionCount(2) - gcBefore.Gen2} gen2 collections, paused {(GC.GetTotalPauseDuration() - gcBefore.Pause).TotalSeconds:0.00} s, allocated {(GC.GetTotalAllocatedBytes() - gcBefore.Allocated) / 1048576} MiB");
            parseTimes.Add(last.ParseTime.TotalSeconds);
            nodeTimes.Add(NodeCheck(file));
            acornTimes.Add(acorn is null ? double.NaN : AcornParse(acorn, file));
            Console.WriteLine($"run {run + 1}: telltale parse {last.ParseTime.TotalSeconds:0.00} s + channels {last.ChannelTime.TotalSeconds:0.00} s + traces {last.TraceTime.TotalSeconds:0.00} s = {totals[^1]:0.00} s; node --check {nodeTimes[^1]:0.00} s; acorn parse {Seconds(acornTimes[^1])}");
        }

        Console.WriteLine($"median: telltale {Median(totals):0.00} s (parse {Median(parseTimes):0.00} s), node --check {Median(nodeTimes):0.00} s, acorn parse in node {Seconds(Median(acornTimes))}");
        if (!double.IsNaN(Median(acornTimes)))
        {
            Console.WriteLine($"ratios: telltale total / acorn parse {Median(totals) / Median(acornTimes):0.0}x, telltale parse+index / acorn parse {Median(parseTimes) / Median(acornTimes):0.0}x, telltale total / node --check {Median(totals) / Median(nodeTimes):0.0}x");
        }
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

    /// <summary>acorn (the parser Acornima is ported from) building the full AST in node, timed inside node so start-up is excluded.</summary>
    private static double AcornParse(string acornDirectory, string file)
    {
        const string Script = "const a=require(process.argv[1]);const s=require('fs').readFileSync(process.argv[2],'utf8');"
            + "const t=process.hrtime.bigint();try{a.parse(s,{ecmaVersion:'latest',sourceType:'module',allowHashBang:true})}"
            + "catch{a.parse(s,{ecmaVersion:'latest',sourceType:'script',allowHashBang:true,allowReturnOutsideFunction:true})}"
            + "console.log(Number(process.hrtime.bigint()-t)/1e9)";
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", ["--max-old-space-size=8192", "-e", Script, Path.Combine(acornDirectory, "node_modules", "acorn"), file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = node.StandardOutput.ReadToEnd();
            node.WaitForExit();
            return double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : double.NaN;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return double.NaN;
        }
    }

    private static string Seconds(double value) => double.IsNaN(value) ? "n/a" : $"{value:0.00} s";

    private static double Median(List<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        return sorted[sorted.Count / 2];
    }
}
