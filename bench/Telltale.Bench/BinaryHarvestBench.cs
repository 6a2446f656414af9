using System.Diagnostics;
using System.Globalization;
using Telltale.Artifacts;
using Telltale.Decoding;
using Telltale.Harvesting;
using Telltale.Rules;
using Telltale.Scanning;

namespace Telltale.Bench;

/// <summary>
/// The per-byte cost of a binary entry (an executable's runtime, a bytecode blob): string harvest,
/// then the layered decoder over every run, timed per phase next to GNU <c>strings</c> on the same file
/// in the same rounds (<c>strings -a -n 6</c> for ASCII plus <c>-e l</c> for UTF-16LE, what the
/// harvester does in one pass).
/// </summary>
internal static class BinaryHarvestBench
{
    public static int Run(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var file = options.Required("--file");
        var runs = int.Parse(options.Get("--runs") ?? "5", CultureInfo.InvariantCulture);
        var bytes = File.ReadAllBytes(file);
        var entry = new ArtifactEntry { Path = Path.GetFileName(file), Name = Path.GetFileName(file), Content = bytes, Kind = EntryKind.Binary };
        var harvester = new BinaryStringHarvester();
        var rules = new RuleEngine(RulePackLoader.LoadDefault());

        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"file: {file} ({bytes.Length / 1048576.0:0.0} MiB)");
        var harvest = new List<double>();
        var decode = new List<double>();
        var strings = new List<double>();
        var evaluate = new List<double>();
        var literals = 0;
        var decoded = 0;
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            var found = harvester.Harvest(entry).ToList();
            harvest.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            decoded = 0;

            // A fresh decoder each round: its cache would otherwise make every round after the first free.
            var decoder = LayeredDecoder.CreateDefault(ScanLimits.Default);
            foreach (var literal in found)
            {
                if (decoder.Decode(literal.Value).Text is not null)
                {
                    decoded++;
                }
            }

            decode.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            foreach (var literal in found)
            {
                _ = rules.Evaluate(new Observation { Source = ObservationSource.Literal, Location = literal.Location, Text = literal.Value }).Count();
            }

            evaluate.Add(clock.Elapsed.TotalSeconds);
            literals = found.Count;
            strings.Add(GnuStrings(file));
        }

        var mib = bytes.Length / 1048576.0;
        Console.WriteLine($"literals: {literals:N0}, decoded to text: {decoded:N0}");
        Console.WriteLine("| phase | median s | MiB/s | ratio to strings |");
        Console.WriteLine("|---|---:|---:|---:|");
        var reference = Median(strings);
        Row("GNU strings -a -n 6 (ASCII) + -e l (UTF-16LE)", reference);
        Row("harvest (ASCII + UTF-16LE runs)", Median(harvest));
        Row("decode every run (layered decoder)", Median(decode));
        Row("rules on every run", Median(evaluate));
        Row("harvest + decode + rules", Median(harvest.Select((h, i) => h + decode[i] + evaluate[i]).ToList()));
        return 0;

        void Row(string name, double seconds) =>
            Console.WriteLine($"| {name} | {seconds:0.000} | {mib / seconds:0} | {seconds / reference:0.00}x |");
    }

    private static double GnuStrings(string file)
    {
        var clock = Stopwatch.StartNew();
        foreach (var encoding in new[] { "s", "l" })
        {
            using var process = Process.Start(new ProcessStartInfo("strings", ["-a", "-n", "6", "-e", encoding, file])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var buffer = new char[1 << 16];
            while (process.StandardOutput.Read(buffer, 0, buffer.Length) > 0)
            {
            }

            process.WaitForExit();
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
