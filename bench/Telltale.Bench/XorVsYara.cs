using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Telltale.Decoding;

namespace Telltale.Bench;

/// <summary>
/// <c>xor-vs-yara</c>: the one-pass <see cref="XorSweep"/> against yara's <c>xor(1-255)</c> modifier on the
/// same file and indicators, alternating, in one run, with the hit sets compared.
/// </summary>
internal static partial class XorVsYara
{
    private const int SweepScansPerRound = 10;
    private const int WarmUpScans = 20;

    public static int Run(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var file = options.Required("--file");
        var indicatorsPath = options.Get("--indicators") ?? BenchArgs.DefaultIndicators();
        var runs = int.Parse(options.Get("--runs") ?? "5", CultureInfo.InvariantCulture);
        var yara = options.Get("--yara") ?? "yara";
        var yarac = options.Get("--yarac") ?? "yarac";
        if (runs < 1)
        {
            throw new ArgumentException("--runs must be at least 1.");
        }

        var indicators = BenchArgs.ReadIndicators(indicatorsPath);
        var work = Directory.CreateTempSubdirectory("telltale-xor-vs-yara-");
        try
        {
            return Compare(file, indicatorsPath, indicators, runs, yara, yarac, work.FullName);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static int Compare(string file, string indicatorsPath, string[] indicators, int runs, string yara, string yarac, string work)
    {
        // yara's side: one rule, every indicator xor(1-255) ascii, compiled once.
        var rulePath = Path.Combine(work, "xor_sweep.yar");
        var compiledPath = Path.Combine(work, "xor_sweep.yarc");
        var emptyPath = Path.Combine(work, "empty");
        File.WriteAllText(rulePath, YaraRule(indicators));
        File.WriteAllBytes(emptyPath, []);
        var compile = RunProcess(yarac, rulePath, compiledPath);
        if (compile.ExitCode != 0)
        {
            Console.Error.WriteLine($"yarac failed ({compile.ExitCode}):\n{compile.Stderr}");
            return 1;
        }

        var yaraWarnings = compile.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

        // The sweep's side: same keys as xor(1-255), so key 0 is out and key 0x20 is in, for every indicator.
        var sweep = new XorSweep(indicators, new XorSweepOptions { IncludePlain = false, IgnoreCaseFlip = false });
        var data = File.ReadAllBytes(file);
        for (var i = 0; i < WarmUpScans; i++)
        {
            sweep.Scan(data);
        }

        var sweepHits = ToSet(sweep.Scan(data), indicators);
        HashSet<(long Offset, int Indicator)>? yaraHits = null;
        var yaraMs = new List<double>();
        var startupMs = new List<double>();
        var sweepMs = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var empty = RunProcess(yara, "-C", compiledPath, "-s", emptyPath);
            CheckYara(empty);
            startupMs.Add(empty.Milliseconds);

            var scan = RunProcess(yara, "-C", compiledPath, "-s", file);
            CheckYara(scan);
            yaraMs.Add(scan.Milliseconds);
            var hits = ParseYara(scan.Stdout);
            if (yaraHits is not null && !yaraHits.SetEquals(hits))
            {
                Console.Error.WriteLine($"!!! yara reported different hits on run {run + 1} ({hits.Count} vs {yaraHits.Count}).");
            }

            yaraHits ??= hits;

            for (var i = 0; i < SweepScansPerRound; i++)
            {
                var watch = Stopwatch.StartNew();
                var found = sweep.Scan(data);
                watch.Stop();
                sweepMs.Add(watch.Elapsed.TotalMilliseconds);
                GC.KeepAlive(found);
            }
        }

        var agree = Report(file, data.LongLength, indicatorsPath, indicators, runs, yaraHits!, sweepHits, yaraMs, startupMs, sweepMs, yaraWarnings);
        return agree ? 0 : 1;
    }

    private static bool Report(
        string file, long size, string indicatorsPath, string[] indicators, int runs,
        HashSet<(long Offset, int Indicator)> yaraHits, HashSet<(long Offset, int Indicator)> sweepHits,
        List<double> yaraMs, List<double> startupMs, List<double> sweepMs, int yaraWarnings)
    {
        var onlyYara = yaraHits.Except(sweepHits).OrderBy(h => h.Offset).ToList();
        var onlySweep = sweepHits.Except(yaraHits).OrderBy(h => h.Offset).ToList();
        var agree = onlyYara.Count == 0 && onlySweep.Count == 0;

        var yaraMedian = Median(yaraMs);
        var startupMedian = Median(startupMs);
        var sweepMedian = Median(sweepMs);
        var yaraNet = Math.Max(yaraMedian - startupMedian, 1e-3);
        double Mbps(double ms) => size / 1e6 / (ms / 1e3);

        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"<!-- {MachineInfo.Describe()} -->");
        output.AppendLine(CultureInfo.InvariantCulture, $"<!-- sweep engine: {MachineInfo.SweepEngine()}; yara: {MachineInfo.YaraVersion()}, {yaraWarnings} yarac warning line(s); indicators: {indicatorsPath} -->");
        output.AppendLine(CultureInfo.InvariantCulture, $"<!-- {runs} alternating round(s): yara on an empty file, yara on the file, {SweepScansPerRound} in-process scans (after {WarmUpScans} warm-up scans); medians -->");
        output.AppendLine();
        output.AppendLine("| file | size | indicators | hits (yara / sweep) | yara median | yara start-up | sweep median | yara MB/s | yara MB/s (start-up subtracted) | sweep MB/s | ratio | ratio (start-up subtracted) |");
        output.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        output.AppendLine(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(file)} | {size / 1e6:F2} MB | {indicators.Length} | {yaraHits.Count} / {sweepHits.Count}{(agree ? "" : " **MISMATCH**")} | {yaraMedian:F1} ms | {startupMedian:F1} ms | {sweepMedian:F2} ms | {Mbps(yaraMedian):F0} | {Mbps(yaraNet):F0} | {Mbps(sweepMedian):F0} | {yaraMedian / sweepMedian:F1}x | {yaraNet / sweepMedian:F1}x |");
        output.AppendLine();
        output.AppendLine(CultureInfo.InvariantCulture,
            $"yara runs (ms): {Join(yaraMs)}; start-up runs (ms): {Join(startupMs)}; sweep scans (ms): min {sweepMs.Min():F2}, median {sweepMedian:F2}, max {sweepMs.Max():F2} over {sweepMs.Count}");
        Console.Write(output.ToString());

        if (sweepHits.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("hits per indicator: " + string.Join(", ", sweepHits
                .GroupBy(h => indicators[h.Indicator])
                .OrderByDescending(g => g.Count())
                .Take(12)
                .Select(g => $"{g.Key} ×{g.Count()}")));
        }

        if (!agree)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"!!! MISMATCH: {onlyYara.Count} hit(s) only yara reported, {onlySweep.Count} only the sweep reported.");
            foreach (var (offset, indicator) in onlyYara.Take(10))
            {
                Console.Error.WriteLine($"!!!   yara only:  0x{offset:x} {indicators[indicator]}");
            }

            foreach (var (offset, indicator) in onlySweep.Take(10))
            {
                Console.Error.WriteLine($"!!!   sweep only: 0x{offset:x} {indicators[indicator]}");
            }
        }

        return agree;
    }

    /// <summary>One rule; <c>$sN</c> is indicator N, so yara's output maps straight back.</summary>
    internal static string YaraRule(string[] indicators)
    {
        var rule = new StringBuilder("rule telltale_xor_sweep\n{\n  strings:\n");
        for (var i = 0; i < indicators.Length; i++)
        {
            rule.Append(CultureInfo.InvariantCulture, $"    $s{i} = \"{YaraEscape(indicators[i])}\" xor(1-255) ascii\n");
        }

        return rule.Append("  condition:\n    any of them\n}\n").ToString();
    }

    private static string YaraEscape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or > '~' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    [GeneratedRegex(@"^0x(?<offset>[0-9a-fA-F]+):\$s(?<id>\d+):", RegexOptions.Multiline)]
    private static partial Regex YaraMatchLine();

    private static HashSet<(long Offset, int Indicator)> ParseYara(string stdout)
    {
        var hits = new HashSet<(long, int)>();
        foreach (Match match in YaraMatchLine().Matches(stdout))
        {
            hits.Add((long.Parse(match.Groups["offset"].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["id"].ValueSpan, CultureInfo.InvariantCulture)));
        }

        return hits;
    }

    private static HashSet<(long Offset, int Indicator)> ToSet(IReadOnlyList<XorSweepHit> hits, string[] indicators)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < indicators.Length; i++)
        {
            index.TryAdd(indicators[i], i);
        }

        return hits.Select(h => (h.Offset, index[h.Indicator])).ToHashSet();
    }

    private static void CheckYara(ProcessResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"yara failed ({result.ExitCode}): {result.Stderr}");
        }
    }

    internal static ProcessResult RunProcess(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Wall clock from before the fork to after the exit: process start and rule loading included.
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        watch.Stop();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult(), watch.Elapsed.TotalMilliseconds);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Join(List<double> values) => string.Join(", ", values.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));

    internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, double Milliseconds);
}
