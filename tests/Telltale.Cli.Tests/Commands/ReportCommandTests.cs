using System.Text;
using System.Text.RegularExpressions;
using Telltale.Cli;
using Telltale.Cli.Commands;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Commands;

// Console.Error and Console.Out are process-wide: every class that swaps them runs in the one non-parallel collection.
[Collection("Console")]
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Database => Path.Combine(_folder, "scans.db");

    /// <summary>A package whose only secret is a domain list, base64 of xor 0x21: one high finding.</summary>
    private string WritePackage(string name = "hidden-list-demo", string version = "1.2.3")
    {
        var list = "alpha-lab.example,beta-lab.example,gamma.example,delta.example,epsilon.example";
        var hidden = Convert.ToBase64String(Encoding.UTF8.GetBytes(list).Select(b => (byte)(b ^ 0x21)).ToArray());
        var directory = Path.Combine(_folder, $"{name}-{version}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "package.json"), $$"""{"name":"{{name}}","version":"{{version}}"}""");
        File.WriteAllText(Path.Combine(directory, "index.js"), $"const L=\"{hidden}\";module.exports=()=>Buffer.from(L,'base64');\n");
        return directory;
    }

    private static ScanReport NpmReport(string name, string version, string sha256) => new()
    {
        Target = new ScanTarget(name, version, sha256, "npm"),
        Findings = [],
        Statistics = new ScanStatistics(),
        ScannedAt = new DateTimeOffset(2026, 11, 24, 2, 41, 0, TimeSpan.Zero),
        ToolVersion = "0.1.0",
    };

    [Collection("Console")]
    public sealed class TheScanVerb : IDisposable
    {
        private readonly ReportCommandTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Fact]
        public async Task Saves_to_the_store_and_reuses_the_report_the_second_time()
        {
            var package = _fixture.WritePackage();
            var first = Path.Combine(_fixture._folder, "first.json");
            var second = Path.Combine(_fixture._folder, "second.json");

            var (firstCode, firstError) = await CliHarness.RunAsync("scan", package, "--db", _fixture.Database, "-f", "json", "-o", first);
            var (secondCode, secondError) = await CliHarness.RunAsync("scan", package, "--db", _fixture.Database, "-f", "json", "-o", second);

            Assert.Equal((ExitCodes.FindingsAtThreshold, ExitCodes.FindingsAtThreshold), (firstCode, secondCode));
            Assert.DoesNotContain("from the store", firstError, StringComparison.Ordinal);
            Assert.Matches(@"^telltale: report from the store \(scanned \d{4}-\d\d-\d\d \d\d:\d\d\); --no-store scans again\n$", secondError.ReplaceLineEndings("\n"));
            Assert.Equal(File.ReadAllText(first), File.ReadAllText(second));
        }

        [Fact]
        public async Task Scans_again_with_other_options_and_says_nothing_when_quiet()
        {
            var package = _fixture.WritePackage();
            await CliHarness.RunAsync("scan", package, "--db", _fixture.Database, "-f", "json", "-o", Path.Combine(_fixture._folder, "r.json"));

            var (_, otherOptions) = await CliHarness.RunAsync("scan", package, "--db", _fixture.Database, "--no-behaviour", "-f", "json", "-o", Path.Combine(_fixture._folder, "r.json"));
            var (_, quiet) = await CliHarness.RunAsync("scan", package, "--db", _fixture.Database, "-q", "-f", "json", "-o", Path.Combine(_fixture._folder, "r.json"));

            Assert.Empty(otherOptions);
            Assert.Empty(quiet);
            using var store = new ScanStore(_fixture.Database);
            Assert.Equal(2, store.List().Count);
        }

        [Fact]
        public async Task Leaves_the_store_alone_with_no_store()
        {
            var (code, error) = await CliHarness.RunAsync("scan", _fixture.WritePackage(), "--db", _fixture.Database, "--no-store", "-f", "json", "-o", Path.Combine(_fixture._folder, "r.json"));

            Assert.Equal(ExitCodes.FindingsAtThreshold, code);
            Assert.Empty(error);
            Assert.False(File.Exists(_fixture.Database));
        }

        [Fact]
        public async Task Stops_in_one_line_on_a_store_that_is_not_a_database()
        {
            File.WriteAllBytes(_fixture.Database, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);

            var (code, error) = await CliHarness.RunAsync("scan", _fixture.WritePackage(), "--db", _fixture.Database, "-f", "json", "-o", Path.Combine(_fixture._folder, "r.json"));

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Equal($"telltale: cannot use the result store {_fixture.Database}: it is not a SQLite database\n", error.ReplaceLineEndings("\n"));
        }
    }

    [Collection("Console")]
    public sealed class TheListVerb : IDisposable
    {
        private readonly ReportCommandTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Fact]
        public async Task Lists_stored_scans_with_their_counts()
        {
            await CliHarness.RunAsync("scan", _fixture.WritePackage(), "--db", _fixture.Database, "-q", "-f", "json", "-o", Path.Combine(_fixture._folder, "r.json"));
            await CliHarness.RunAsync("scan", _fixture.WritePackage("other", "2.0.0"), "--db", _fixture.Database, "-q", "-f", "json", "-o", Path.Combine(_fixture._folder, "r.json"));
            using (var store = new ScanStore(_fixture.Database))
            {
                Assert.Equal(2, store.List().Count);
            }

            var (code, output, error) = await CliHarness.RunWithOutputAsync("report", "list", "--db", _fixture.Database, "--name", "HIDDEN");

            Assert.Equal(ExitCodes.Clean, code);
            Assert.Empty(error);
            var row = Assert.Single(output.Split('\n'), l => l.Contains("hidden-list-demo@1.2.3", StringComparison.Ordinal));
            Assert.DoesNotContain("other@2.0.0", output, StringComparison.Ordinal);
            Assert.Contains(Telltale.Artifacts.ArtifactHasher.HashDirectory(Path.Combine(_fixture._folder, "hidden-list-demo-1.2.3"))[..12], row, StringComparison.Ordinal);
            Assert.Contains("critical", output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Says_so_when_there_is_no_store_and_creates_none()
        {
            var (code, output, error) = await CliHarness.RunWithOutputAsync("report", "list", "--db", _fixture.Database);

            Assert.Equal(ExitCodes.Clean, code);
            Assert.Empty(output);
            Assert.Equal($"telltale: no stored scans in {_fixture.Database}\n", error.ReplaceLineEndings("\n"));
            Assert.False(File.Exists(_fixture.Database));
        }
    }

    [Collection("Console")]
    public sealed class TheShowVerb : IDisposable
    {
        private readonly ReportCommandTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Fact]
        public async Task Writes_a_stored_report_found_by_a_sha256_prefix_as_the_scan_wrote_it()
        {
            var package = _fixture.WritePackage();
            var scanned = Path.Combine(_fixture._folder, "scanned.json");
            var shown = Path.Combine(_fixture._folder, "shown.json");
            await CliHarness.RunAsync("scan", package, "--db", _fixture.Database, "-f", "json", "-o", scanned);
            var prefix = Telltale.Artifacts.ArtifactHasher.HashDirectory(package)[..12];

            var (code, error) = await CliHarness.RunAsync("report", "show", prefix, "--db", _fixture.Database, "--format", "json", "-o", shown);

            Assert.Equal(ExitCodes.Clean, code);
            Assert.Matches(
                $@"^telltale: stored scan of hidden-list-demo@1\.2\.3 \(sha256 {prefix}\): rules embedded default · behaviour analysis on · no platform packages · telltale {Regex.Escape(Scanner.ToolVersion)}, scanned \d{{4}}-\d\d-\d\d \d\d:\d\d\n$",
                error.ReplaceLineEndings("\n"));
            Assert.Equal(File.ReadAllText(scanned), File.ReadAllText(shown));
        }

        [Theory]
        [InlineData("terminal", "telltale scan @acme/agent@1.0.1")]
        [InlineData("markdown", "@acme/agent")]
        [InlineData("sarif", "\"version\": \"2.1.0\"")]
        public async Task Finds_an_npm_version_and_renders_it_in_any_format(string format, string expected)
        {
            using (var store = new ScanStore(_fixture.Database))
            {
                store.Save(NpmReport("@acme/agent", "1.0.0", new string('a', 64)), "f");
                store.Save(NpmReport("@acme/agent", "1.0.1", new string('b', 64)), "f");
            }

            var output = Path.Combine(_fixture._folder, "shown");
            var (code, error) = await CliHarness.RunAsync("report", "show", "npm:@acme/agent@1.0.1", "--db", _fixture.Database, "-f", format, "-o", output);

            Assert.Equal(ExitCodes.Clean, code);
            Assert.Equal(
                $"telltale: stored scan of @acme/agent@1.0.1 (sha256 bbbbbbbbbbbb): rules not recorded (fingerprint f) · behaviour analysis not recorded · no platform packages · telltale 0.1.0, scanned {ReportCommand.StoredTime(new DateTimeOffset(2026, 11, 24, 2, 41, 0, TimeSpan.Zero))}\n",
                error.ReplaceLineEndings("\n"));
            Assert.Contains(expected, File.ReadAllText(output), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Fails_in_one_line_when_nothing_is_stored_for_the_key()
        {
            using (var store = new ScanStore(_fixture.Database))
            {
                store.Save(NpmReport("@acme/agent", "1.0.0", new string('a', 64)), "f");
            }

            var (code, error) = await CliHarness.RunAsync("report", "show", "npm:@acme/agent@9.9.9", "--db", _fixture.Database);

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Equal($"telltale: no stored scan for npm:@acme/agent@9.9.9 in {_fixture.Database}\n", error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public async Task Fails_in_one_line_on_a_key_it_cannot_read()
        {
            using (new ScanStore(_fixture.Database))
            {
            }

            var (code, error) = await CliHarness.RunAsync("report", "show", "ab", "--db", _fixture.Database);

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Equal("telltale: 'ab' is neither a sha256 prefix (4 to 64 hex digits) nor npm:NAME@VERSION\n", error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public async Task Fails_in_one_line_without_a_store()
        {
            var (code, error) = await CliHarness.RunAsync("report", "show", "abcd", "--db", _fixture.Database);

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Equal($"telltale: no stored scan for abcd in {_fixture.Database}\n", error.ReplaceLineEndings("\n"));
            Assert.False(File.Exists(_fixture.Database));
        }
    }

    [Collection("Console")]
    public sealed class TheShowVerbWithSeveralScans : IDisposable
    {
        private readonly ReportCommandTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        /// <summary>A pack that adds one rule, so a scan with it has another fingerprint than the default scan.</summary>
        private string WriteRulePack()
        {
            var path = Path.Combine(_fixture._folder, "team.yaml");
            File.WriteAllText(path, "rules:\n  - { id: TT9001, severity: low, when: { in: [literal] } }\n");
            return path;
        }

        private static string Sha256Of(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

        /// <summary>The same package scanned with the default rules and with <paramref name="rules"/>; the JSON of each.</summary>
        private async Task<(string Package, string Default, string Custom)> ScanBothWaysAsync(string rules)
        {
            var package = _fixture.WritePackage();
            var (defaultJson, customJson) = (Path.Combine(_fixture._folder, "default.json"), Path.Combine(_fixture._folder, "custom.json"));
            await CliHarness.RunAsync("scan", package, "--db", _fixture.Database, "-q", "-f", "json", "-o", defaultJson);
            await CliHarness.RunAsync("scan", package, "--db", _fixture.Database, "-q", "--rules", rules, "-f", "json", "-o", customJson);
            return (package, File.ReadAllText(defaultJson), File.ReadAllText(customJson));
        }

        [Fact]
        public async Task Lists_them_and_shows_none_when_nothing_selects_one()
        {
            var rules = WriteRulePack();
            var (package, _, _) = await ScanBothWaysAsync(rules);
            var prefix = Telltale.Artifacts.ArtifactHasher.HashDirectory(package)[..12];
            var output = Path.Combine(_fixture._folder, "shown.json");

            var (code, error) = await CliHarness.RunAsync("report", "show", prefix, "--db", _fixture.Database, "-f", "json", "-o", output);

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.False(File.Exists(output));
            var lines = error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            Assert.Equal($"telltale: 2 scans of {prefix} are stored; choose one with --rules PACK.yaml…, --no-behaviour and --platform, as for scan:", lines[0]);
            Assert.Equal(3, lines.Length);
            Assert.Single(lines, l => l.StartsWith($"  hidden-list-demo@1.2.3 (sha256 {prefix}): rules embedded default + team.yaml (sha256 {Sha256Of(rules)[..12]}) · behaviour analysis on", StringComparison.Ordinal));
            Assert.Single(lines, l => l.StartsWith($"  hidden-list-demo@1.2.3 (sha256 {prefix}): rules embedded default · behaviour analysis on", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Shows_the_one_the_rules_select_and_names_its_packs()
        {
            var rules = WriteRulePack();
            var (package, defaultJson, customJson) = await ScanBothWaysAsync(rules);
            var prefix = Telltale.Artifacts.ArtifactHasher.HashDirectory(package)[..12];
            var (withRules, withoutRules) = (Path.Combine(_fixture._folder, "with.json"), Path.Combine(_fixture._folder, "without.json"));

            var (customCode, customError) = await CliHarness.RunAsync("report", "show", prefix, "--db", _fixture.Database, "--rules", rules, "-f", "json", "-o", withRules);
            var (defaultCode, defaultError) = await CliHarness.RunAsync("report", "show", prefix, "--db", _fixture.Database, "--platform", "linux-x64", "-f", "json", "-o", withoutRules);

            Assert.Equal((ExitCodes.Clean, ExitCodes.Clean), (customCode, defaultCode));
            Assert.Equal(customJson, File.ReadAllText(withRules));
            Assert.Equal(defaultJson, File.ReadAllText(withoutRules));
            Assert.NotEqual(defaultJson, customJson);
            Assert.StartsWith($"telltale: stored scan of hidden-list-demo@1.2.3 (sha256 {prefix}): rules embedded default + team.yaml (sha256 {Sha256Of(rules)[..12]}) · behaviour analysis on · ", customError, StringComparison.Ordinal);
            Assert.StartsWith($"telltale: stored scan of hidden-list-demo@1.2.3 (sha256 {prefix}): rules embedded default · behaviour analysis on · ", defaultError, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Says_so_when_no_stored_scan_was_made_with_the_selected_options()
        {
            var (package, _, _) = await ScanBothWaysAsync(WriteRulePack());
            var prefix = Telltale.Artifacts.ArtifactHasher.HashDirectory(package)[..12];

            var (code, error) = await CliHarness.RunAsync("report", "show", prefix, "--db", _fixture.Database, "--no-behaviour");

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Equal(
                $"telltale: none of the 2 stored scans of {prefix} in {_fixture.Database} was made as 'scan' with these options would make it; 'report show {prefix}' lists them\n",
                error.ReplaceLineEndings("\n"));
        }

        [Fact]
        public async Task Selects_an_npm_scan_by_its_platform_and_names_a_default_scan_saved_before_settings_were_kept()
        {
            var fingerprint = ScanFingerprint.Compute(new ScanOptions());
            using (var store = new ScanStore(_fixture.Database))
            {
                foreach (var platform in new[] { "linux-x64", "darwin-arm64" })
                {
                    var report = NpmReport("@acme/agent", "1.0.0", new string('a', 64)) with { ToolVersion = Scanner.ToolVersion };
                    store.Save(report with { Target = report.Target with { Platform = platform, PlatformPackages = [new PlatformPackage($"@acme/agent-{platform}", "1.0.0", platform == "linux-x64" ? new string('1', 64) : new string('2', 64))] } }, fingerprint, platform);
                }
            }

            var output = Path.Combine(_fixture._folder, "shown.json");
            var (ambiguousCode, _) = await CliHarness.RunAsync("report", "show", "npm:@acme/agent@1.0.0", "--db", _fixture.Database);
            var (code, error) = await CliHarness.RunAsync("report", "show", "npm:@acme/agent@1.0.0", "--db", _fixture.Database, "--platform", "darwin-arm64", "-f", "json", "-o", output);

            Assert.Equal(ExitCodes.UsageOrInput, ambiguousCode);
            Assert.True(code == ExitCodes.Clean, error);
            Assert.StartsWith("telltale: stored scan of @acme/agent@1.0.0 (sha256 aaaaaaaaaaaa): rules embedded default · behaviour analysis on · platform darwin-arm64 · ", error, StringComparison.Ordinal);
            Assert.Contains("\"platform\": \"darwin-arm64\"", File.ReadAllText(output), StringComparison.Ordinal);
        }
    }
}
