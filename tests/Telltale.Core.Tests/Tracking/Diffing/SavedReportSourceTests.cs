using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Scanning;
using Telltale.Tracking;
using Telltale.Tracking.Diffing;
using static Telltale.Tests.Tracking.Diffing.DiffFixtures;

namespace Telltale.Tests.Tracking.Diffing;

public sealed class SavedReportSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-diff-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Answers every target with an empty report named after it, and remembers what it was asked.</summary>
    private sealed class FakeSource : IScanSource
    {
        public List<string> Asked { get; } = [];

        public Task<ScanReport> GetAsync(string target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            lock (Asked)
            {
                Asked.Add(target);
            }

            if (target == "bad")
            {
                throw new TargetException("bad target");
            }

            return Task.FromResult(Report("9.9.9") with { Target = new ScanTarget(target, null, "00", target) });
        }
    }

    private string Save(ScanReport report, string name)
    {
        var path = Path.Combine(_folder, name);
        using var writer = new StreamWriter(path);
        new JsonReportWriter().Write(report, writer);
        return path;
    }

    [Fact]
    public async Task Reads_a_saved_report_instead_of_scanning_it()
    {
        var inner = new FakeSource();
        var path = Save(Report("1.0.0", List("domains", 10, Domains(3))), "old.json");

        var report = await new SavedReportSource(inner).GetAsync(path);

        Assert.Empty(inner.Asked);
        Assert.Equal("1.0.0", report.Target.Version);
        Assert.Equal(Domains(3), Assert.Single(report.Findings).Items);
    }

    [Fact]
    public async Task Scans_a_json_file_that_is_not_a_report()
    {
        var inner = new FakeSource();
        var path = Path.Combine(_folder, "package.json");
        File.WriteAllText(path, """{"name":"x","version":"1.0.0"}""");

        await new SavedReportSource(inner).GetAsync(path);

        Assert.Equal([path], inner.Asked);
    }

    [Fact]
    public async Task Refuses_a_report_of_another_major_version_in_one_line()
    {
        var path = Path.Combine(_folder, "future.json");
        File.WriteAllText(path, File.ReadAllText(Save(Report("1.0.0"), "r.json")).Replace($"\"schemaVersion\": \"{JsonReportWriter.SchemaVersion}\"", "\"schemaVersion\": \"2.0\"", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<TargetException>(() => new SavedReportSource(new FakeSource()).GetAsync(path));

        Assert.Contains("2.0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Diffs_a_saved_report_against_a_scan_target()
    {
        var inner = new FakeSource();
        var path = Save(Report("1.0.0", Fingerprint("HTTPS_PROXY", 10)), "old.json");

        var diff = await ReportDiffer.DiffAsync(inner, path, "npm:@acme/agent@2.0.0");

        Assert.Equal(["npm:@acme/agent@2.0.0"], inner.Asked);
        Assert.Equal(ChangeKind.Removed, Assert.Single(diff.Findings).Kind);
    }

    [Fact]
    public async Task Fails_with_the_side_that_cannot_be_had()
    {
        var error = await Assert.ThrowsAsync<TargetException>(() => ReportDiffer.DiffAsync(new FakeSource(), "npm:a@1", "bad"));

        Assert.Equal("bad target", error.Message);
    }
}
