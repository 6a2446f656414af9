using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Scanning;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Scanning;

/// <summary>
/// What a report says never depends on load, core count or scheduling: the same input scanned alone and scanned
/// while other scans compete for the machine gives byte-identical findings, also when budgets run out.
/// </summary>
public sealed class DeterministicScanTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("telltale-determinism-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The findings and incomplete analyses as the JSON report writes them, without time and statistics.</summary>
    internal static string Verdict(ScanReport report)
    {
        var timeless = report with
        {
            ScannedAt = DateTimeOffset.UnixEpoch,
            Statistics = new ScanStatistics(),
        };
        using var writer = new StringWriter();
        new JsonReportWriter().Write(timeless, writer);
        return writer.ToString();
    }

    [Fact]
    [Trait("Category", "RealPackage")]
    public async Task Claude_code_2_1_91_gives_the_same_report_alone_and_among_three_parallel_scans()
    {
        var scanner = new Scanner(new ScanOptions(), new TargetResolver());
        var alone = Verdict(await scanner.ScanAsync("npm:@anthropic-ai/claude-code@2.1.91"));

        // Three scans at once on a two-core machine: each gets a fraction of the CPU the lone one had.
        var loaded = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => scanner.ScanAsync("npm:@anthropic-ai/claude-code@2.1.91"))));

        Assert.All(loaded, report => Assert.Equal(alone, Verdict(report)));
        var report = loaded[0];
        Assert.True(report.Complete);
        var chain = Assert.Single(report.Findings, f => f.RuleId == "TT2001" && f.Severity == Severity.Critical);
        // The load this test reproduces once cost the chain its 147-domain list.
        var lists = chain.Behaviour!.Steps().Where(s => s.Kind == BehaviourStepKind.List).DistinctBy(s => s.Location).Select(s => s.Values.Count).Order().ToList();
        Assert.Equal([11, 147], lists);
    }

    [Fact]
    public async Task Cuts_the_same_files_when_the_scan_budget_runs_out_however_the_scans_are_scheduled()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, "package")).FullName;
        var looping = HostileInputScanTests.LoopingDecoderScript();
        var covert = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "JavaScript", "Fixtures", "runtime-decoder-quotes.js"));
        for (var i = 0; i < 6; i++)
        {
            File.WriteAllText(Path.Combine(directory, $"a{i}.js"), i % 2 == 0 ? looping : covert);
        }

        var limits = ScanLimits.Default with { MaxSandboxStatementsPerFile = 4_500_000, MaxSandboxStatementsPerScan = 9_000_000 };
        ScanReport Scan(int parallelism) => new Scanner(new ScanOptions { Limits = limits, Parallelism = parallelism }, new TargetResolver())
            .ScanResolved(new ResolvedTarget("budget", null, directory, new string('0', 64), "directory"));

        // One entry at a time, then sixteen at once, then four such scans competing for the machine.
        var alone = Scan(1);
        Assert.Equal(Verdict(alone), Verdict(Scan(16)));
        var loaded = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Scan(16))));

        Assert.False(alone.Complete);
        Assert.All(loaded, report => Assert.Equal(Verdict(alone), Verdict(report)));
        // The budget runs out in the files' order: the first covert file, before it, keeps its chain.
        Assert.Contains(alone.Findings, f => f.RuleId == "TT2001" && f.Location.Path == "a1.js");
        Assert.Contains(alone.Incomplete, i => i.Path == "a5.js");
    }

    [Fact]
    public async Task Keeps_a_budget_cut_report_in_the_store_as_incomplete_never_as_complete()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, "looping")).FullName;
        var tarball = Path.Combine(_root, "looping.tgz");
        File.WriteAllText(Path.Combine(directory, "cli.js"), HostileInputScanTests.LoopingDecoderScript());
        System.Formats.Tar.TarFile.CreateFromDirectory(directory, Path.Combine(_root, "looping.tar"), includeBaseDirectory: false);
        using (var input = File.OpenRead(Path.Combine(_root, "looping.tar")))
        using (var output = new System.IO.Compression.GZipStream(File.Create(tarball), System.IO.Compression.CompressionLevel.Fastest))
        {
            input.CopyTo(output);
        }

        var options = new ScanOptions { Limits = ScanLimits.Default with { MaxSandboxStatementsPerFile = 3_000_000 } };
        var resolver = new TargetResolver();
        using var store = new ScanStore(Path.Combine(_root, "scans.db"));
        var source = new StoredScanSource(store, resolver, options);

        var first = await source.GetWithOriginAsync(tarball);
        var second = await source.GetWithOriginAsync(tarball);

        Assert.False(first.FromStore);
        Assert.False(first.Report.Complete);
        Assert.True(second.FromStore);
        Assert.False(second.Report.Complete);
        Assert.Equal(first.Report.Incomplete, second.Report.Incomplete);
    }
}
