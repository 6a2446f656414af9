using System.Globalization;
using System.Text.Json;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Targets;

namespace Telltale.Fuzz;

/// <summary>The <c>list</c>, <c>run</c> and <c>repro</c> verbs.</summary>
internal static class Commands
{
    public const string Usage = """
        usage:
          telltale-fuzz list
          telltale-fuzz run --target NAME|all (--seconds N | --iterations N) [--seed S] [--corpus DIR] [--out DIR] [--timeout SECONDS]
          telltale-fuzz seed --out DIR [--cache DIR]
          telltale-fuzz repro --target NAME FILE...
          telltale-fuzz instrument --out DIR
        """;

    public static int List()
    {
        foreach (var name in FuzzTargets.Names)
        {
            var target = FuzzTargets.Create(name)!;
            Console.WriteLine($"{name,-14} {target.Contract}");
            (target as IDisposable)?.Dispose();
        }

        return 0;
    }

    public static int Run(FuzzArguments arguments)
    {
        var names = Targets(arguments.Require("target"));
        var seconds = arguments.GetLong("seconds");
        var iterations = arguments.GetLong("iterations");
        if (seconds is null == iterations is null)
        {
            throw new ArgumentException("give either --seconds (split evenly over the targets) or --iterations (per target)");
        }

        var seed = (int)(arguments.GetLong("seed") ?? 1);
        var output = arguments.Get("out");
        var corpus = arguments.Get("corpus");
        var timeout = TimeSpan.FromSeconds(arguments.GetLong("timeout") ?? 10);
        var reports = new List<TargetReport>();
        if (output is not null && InFlightInput.ReadLeftOver(Path.Combine(output, "in-flight.bin")) is var (deadTarget, deadInput))
        {
            var saved = Path.Combine(Directory.CreateDirectory(Path.Combine(output, deadTarget)).FullName, $"died-{DateTime.UtcNow:yyyyMMddHHmmss}.bin");
            File.WriteAllBytes(saved, deadInput);
            Console.WriteLine($"the previous run died while running a {deadTarget} input (stack overflow or fatal error); saved to {saved}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"telltale-fuzz: {names.Count} target(s), seed {seed}, {(seconds is { } s ? $"{s} s in all" : $"{iterations} iterations each")}, timeout {timeout.TotalSeconds} s, instrumented: {CoverageMap.Instrumented}"));
        foreach (var name in names)
        {
            var target = FuzzTargets.Create(name)!;
            try
            {
                var options = new FuzzRunOptions
                {
                    Seed = seed,
                    Iterations = iterations,
                    Duration = seconds is { } total ? TimeSpan.FromSeconds((double)total / names.Count) : null,
                    Timeout = timeout,
                    OutputDirectory = output,
                    ExtraCorpus = corpus is null ? [] : ReadCorpus(Path.Combine(corpus, name)),
                    Log = Console.Out,
                };
                var report = new FuzzRunner(target, options).Run();
                reports.Add(report);
                if (report.Hangs > 0)
                {
                    // The hung thread keeps its core busy: the numbers of the targets after it are lower than they would be.
                    Console.WriteLine($"[{name}] hung; its thread is still running, later targets share the CPU with it");
                }
            }
            finally
            {
                (target as IDisposable)?.Dispose();
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"target",-14} {"execs",10} {"execs/s",9} {"corpus",7} {"features",9} {"edges",7} {"crashes",8} {"hangs",6} {"memory",7}");
        foreach (var r in reports)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Target,-14} {r.Executions,10} {r.ExecutionsPerSecond,9:0.0} {r.CorpusSize,7} {r.Features,9} {r.Edges,7} {r.Crashes,8} {r.Hangs,6} {r.MemoryFlags,7}"));
        }

        if (output is not null)
        {
            var summary = Path.Combine(Directory.CreateDirectory(output).FullName, "summary.json");
            File.WriteAllText(summary, JsonSerializer.Serialize(reports, SummaryOptions));
            Console.WriteLine($"summary: {summary}");
        }

        return reports.Any(r => r.Findings.Count > 0) ? 1 : 0;
    }

    private static readonly JsonSerializerOptions SummaryOptions = new() { WriteIndented = true };

    public static int Repro(FuzzArguments arguments)
    {
        var name = arguments.Require("target");
        var target = FuzzTargets.Create(name) ?? throw new ArgumentException($"no target '{name}'; see 'list'");
        var failed = 0;
        try
        {
            CoverageMap.Initialize();
            foreach (var file in arguments.Positional)
            {
                using var executor = new WatchdogExecutor("repro", target.StackBytes);
                var input = File.ReadAllBytes(file);
                var result = executor.Execute(() => target.Run(input, new FeatureSink()), TimeSpan.FromSeconds(arguments.GetLong("timeout") ?? 60));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{file}: {result.Status} in {result.Elapsed.TotalMilliseconds:0} ms, {result.AllocatedBytes:N0} bytes allocated"));
                if (result.Exception is not null)
                {
                    Console.WriteLine(result.Exception);
                }

                if (result.Status != ExecutionStatus.Passed)
                {
                    failed++;
                    if (result.Status == ExecutionStatus.Hung)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }

        return failed == 0 ? 0 : 1;
    }

    private static List<string> Targets(string requested)
    {
        if (requested == "all")
        {
            return [.. FuzzTargets.Names];
        }

        var names = requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var name in names.Where(n => !FuzzTargets.Names.Contains(n)))
        {
            throw new ArgumentException($"no target '{name}'; targets: {string.Join(", ", FuzzTargets.Names)}");
        }

        return names;
    }

    /// <summary>The inputs under a corpus folder, without the findings a previous run saved next to them.</summary>
    private static List<byte[]> ReadCorpus(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith("crash-", StringComparison.Ordinal)
                    && !Path.GetFileName(f).StartsWith("hang-", StringComparison.Ordinal)
                    && !Path.GetFileName(f).StartsWith("died-", StringComparison.Ordinal)
                    && !f.EndsWith(".txt", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllBytes)]
            : [];
}
