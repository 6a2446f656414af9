using System.Text;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Scanning;

namespace Telltale.Tests.Scanning;

/// <summary>
/// Inputs built to break the scan, each made in the test: none may crash it, hang it, grow its report with the
/// input, or turn a covert script into a clean result.
/// </summary>
public sealed class HostileInputScanTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("telltale-hostile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "JavaScript", "Fixtures", name));

    private string Package(params (string Name, byte[] Content)[] files)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, $"package-{Guid.NewGuid():N}")).FullName;
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }

        return directory;
    }

    internal static ScanReport Scan(string directory, ScanLimits? limits = null) =>
        new Scanner(new ScanOptions { Limits = limits ?? ScanLimits.Default }, new TargetResolver())
            .ScanResolved(new ResolvedTarget("hostile", null, directory, new string('0', 64), "directory"));

    [Fact]
    public void Finds_the_covert_chain_behind_two_hundred_thousand_newlines()
    {
        var padded = Fixture("base64-xor-domains-apostrophe.js") + new string('\n', 200_000);
        var report = Scan(Package(("cli.js", Encoding.UTF8.GetBytes(padded))));

        Assert.Contains(report.Findings, f => f.RuleId == "TT2001" && f.Severity == Severity.Critical);
        Assert.True(report.Complete, string.Join("; ", report.Incomplete.Select(i => i.Reason)));
    }

    [Fact]
    public void Finds_the_covert_chain_of_a_module_behind_newlines_and_semicolons()
    {
        // The module test runs over every byte before the parse: it must stay linear whatever the file repeats.
        var padded = new string(';', 100_000) + new string('\n', 100_000) + Fixture("esm-locale-cyrillic.mjs");
        var report = Scan(Package(("cli.mjs", Encoding.UTF8.GetBytes(padded))));

        Assert.Contains(report.Findings, f => f.RuleId == "TT2001" && f.Severity >= Severity.High);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x80 })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void Reads_on_when_the_manifest_name_is_not_utf8(byte[] bad)
    {
        var manifest = new List<byte>();
        manifest.AddRange("{\"name\": \""u8.ToArray());
        manifest.AddRange(bad);
        manifest.AddRange("\", \"version\": \""u8.ToArray());
        manifest.AddRange(bad);
        manifest.AddRange("\"}"u8.ToArray());
        var report = Scan(Package(("package.json", [.. manifest]), ("cli.js", Encoding.UTF8.GetBytes(Fixture("base64-xor-domains-apostrophe.js")))));

        Assert.Equal("hostile", report.Target.Name);
        Assert.Contains(report.Findings, f => f.RuleId == "TT2001" && f.Severity == Severity.Critical);
    }

    [Fact]
    public void Reads_a_one_gibibyte_script_as_bytes_and_says_its_text_was_not_analysed()
    {
        var directory = Package(("package.json", "{\"name\":\"big\",\"version\":\"1.0.0\"}"u8.ToArray()));
        var path = Path.Combine(directory, "huge.js");
        using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.Write(Encoding.UTF8.GetBytes("var hidden = atob('ZGVlcHNlZWs=');\n"));
            // Sparse: a gibibyte on paper, nothing on disk.
            file.SetLength(1024L * 1024 * 1024);
        }

        var report = Scan(directory);

        var incomplete = Assert.Single(report.Incomplete, i => i.Path == "huge.js");
        Assert.Equal("text", incomplete.Analysis);
        Assert.False(report.Complete);
        Assert.Contains(report.Findings, f => f.RuleId == "TT2000" && f.Location.Path == "huge.js" && f.Severity == Severity.Medium);
    }

    [Fact]
    public void Counts_a_million_identical_hits_in_one_finding_and_keeps_the_report_small()
    {
        // The line break is hidden with the word: the sweep reports text hidden under a key, and a word between
        // plain line breaks reads better as the punctuation it is ("?>>+(>>0") than as "deepseekQdeepseekQ".
        var hidden = Encoding.ASCII.GetBytes("deepseek\n").Select(b => (byte)(b ^ 0x5B)).ToArray();
        var content = new byte[1_000_000 * hidden.Length];
        for (var i = 0; i < 1_000_000; i++)
        {
            hidden.CopyTo(content, i * hidden.Length);
        }

        var report = Scan(Package(("data.bin", content)));

        var hit = Assert.Single(report.Findings, f => f.RuleId == "TT1101");
        Assert.Equal(1_000_000, hit.Occurrences);
        Assert.Equal(10, hit.OtherLocations.Count);
        using var json = new StringWriter();
        new JsonReportWriter().Write(report, json);
        Assert.InRange(json.ToString().Length, 1, 1024 * 1024);
    }

    [Fact]
    public void Stops_eight_looping_decoders_at_the_scan_budget_and_reports_them()
    {
        var looping = LoopingDecoderScript();
        var files = Enumerable.Range(0, 8).Select(i => ($"lib/decoder{i}.js", Encoding.UTF8.GetBytes(looping))).ToArray();
        var limits = ScanLimits.Default with { MaxSandboxStatementsPerFile = 3_000_000, MaxSandboxStatementsPerScan = 10_000_000 };

        var report = Scan(Package(files), limits);

        Assert.False(report.Complete);
        Assert.Equal(8, report.Incomplete.Select(i => i.Path).Distinct().Count());
        // Reports lag by at most one batch per file, and each file stops at its first check past the budget.
        Assert.InRange(report.Statistics.SandboxStatements, 1, limits.MaxSandboxStatementsPerScan + (8 * 2_000_000L));
    }

    /// <summary>The seeds' covert check whose decoder never returns: every run of it ends at a sandbox limit.</summary>
    internal static string LoopingDecoderScript() =>
        Fixture("base64-xor-domains-apostrophe.js").Replace(
            "function dec(s) {",
            "function dec(s) {\n  for (var x = 0; ; x = (x + s.charCodeAt(x % s.length)) | 0) {}",
            StringComparison.Ordinal);
}
