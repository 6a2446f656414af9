using System.Text;
using Telltale.Artifacts;
using Telltale.Scanning;

namespace Telltale.Tests.Scanning;

public sealed class ScriptsFirstTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("telltale-scripts-first-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ArtifactEntry Entry(string name, EntryKind kind, int bytes) =>
        new() { Path = name, Name = name, Kind = kind, Content = new byte[bytes] };

    private static List<string> Order(IEnumerable<ArtifactEntry> entries, long lookAhead) =>
        [.. ScriptsFirst.Order(entries, entry => entry, lookAhead).Select(entry => entry.Path)];

    [Fact]
    public void Moves_a_script_ahead_of_the_executables_before_it_within_the_window()
    {
        ArtifactEntry[] entries =
        [
            Entry("rg-1", EntryKind.Binary, 40), Entry("rg-2", EntryKind.Binary, 40), Entry("cli.js", EntryKind.JavaScript, 100),
            Entry("package.json", EntryKind.Json, 5), Entry("rg-3", EntryKind.Binary, 40), Entry("other.js", EntryKind.JavaScript, 10),
        ];

        Assert.Equal(["cli.js", "other.js", "rg-1", "rg-2", "package.json", "rg-3"], Order(entries, lookAhead: 1000));
        // A 50-byte window is full with rg-1 and rg-2 waiting: rg-1 goes before cli.js is read.
        Assert.Equal(["rg-1", "cli.js", "rg-2", "other.js", "package.json", "rg-3"], Order(entries, lookAhead: 50));
    }

    [Fact]
    public void Reads_no_further_ahead_than_the_window()
    {
        ArtifactEntry[] entries = [Entry("a", EntryKind.Binary, 60), Entry("b", EntryKind.Binary, 60), Entry("c.js", EntryKind.JavaScript, 1)];
        var read = new List<string>();
        var handedOut = new List<string>();
        foreach (var entry in ScriptsFirst.Order(entries.Select(e => { read.Add(e.Path); return e; }), entry => entry, lookAheadBytes: 100))
        {
            handedOut.Add(entry.Path);
            if (entry.Path == "a")
            {
                // 120 bytes waiting passed the 100-byte window: the first is handed out before reading on.
                Assert.Equal(["a", "b"], read);
            }
        }

        Assert.Equal(["a", "c.js", "b"], handedOut);
    }

    [Fact]
    public void Keeps_the_archive_order_without_a_window_and_hands_out_every_entry_once()
    {
        var entries = Enumerable.Range(0, 50).Select(i => Entry($"e{i}", i % 7 == 3 ? EntryKind.JavaScript : EntryKind.Binary, i * 13 % 97)).ToList();
        Assert.Equal(entries.Select(e => e.Path), Order(entries, lookAhead: 0));
        foreach (var window in new long[] { 1, 50, 500, long.MaxValue })
        {
            var ordered = Order(entries, window);
            Assert.Equal(entries.Select(e => e.Path).Order(StringComparer.Ordinal), ordered.Order(StringComparer.Ordinal));
            // Scripts among themselves, and the others among themselves, keep their order.
            Assert.Equal(entries.Where(e => e.Kind == EntryKind.JavaScript).Select(e => e.Path), ordered.Where(p => entries.First(e => e.Path == p).Kind == EntryKind.JavaScript));
            Assert.Equal(entries.Where(e => e.Kind != EntryKind.JavaScript).Select(e => e.Path), ordered.Where(p => entries.First(e => e.Path == p).Kind != EntryKind.JavaScript));
        }
    }

    [Fact]
    public void A_report_is_the_same_whether_scripts_go_first_or_in_the_archives_order_also_when_the_scan_budget_runs_out()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, "package")).FullName;
        var looping = HostileInputScanTests.LoopingDecoderScript();
        var covert = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "JavaScript", "Fixtures", "runtime-decoder-quotes.js"));
        var encodedList = Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.ASCII.GetBytes("deepseek.com,moonshot.cn,zhipuai.cn,baichuan-ai.com,minimax.io")));
        for (var i = 0; i < 6; i++)
        {
            // Files are read in name order: an executable holding an encoded list before each script.
            File.WriteAllBytes(Path.Combine(directory, $"a{i}.bin"), [0x7f, (byte)'E', (byte)'L', (byte)'F', 0, .. encodedList, 0, .. new byte[4096]]);
            File.WriteAllText(Path.Combine(directory, $"a{i}.js"), i % 2 == 0 ? looping : covert);
        }

        var limits = ScanLimits.Default with { MaxSandboxStatementsPerFile = 4_500_000, MaxSandboxStatementsPerScan = 9_000_000 };
        string Scan(long lookAhead, int parallelism) => DeterministicScanTests.Verdict(
            new Scanner(new ScanOptions { Limits = limits with { ScriptLookAheadBytes = lookAhead }, Parallelism = parallelism }, new TargetResolver())
                .ScanResolved(new ResolvedTarget("order", null, directory, new string('0', 64), "directory")));

        var inArchiveOrder = Scan(lookAhead: 0, parallelism: 1);
        Assert.Contains("\"a5.bin\"", inArchiveOrder, StringComparison.Ordinal);
        Assert.Contains("\"a5.js\"", inArchiveOrder, StringComparison.Ordinal);
        Assert.Equal(inArchiveOrder, Scan(ScanLimits.Default.ScriptLookAheadBytes, parallelism: 1));
        Assert.Equal(inArchiveOrder, Scan(ScanLimits.Default.ScriptLookAheadBytes, parallelism: 4));
    }
}
