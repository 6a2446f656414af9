using System.Text.Json;
using Telltale.Cli;

namespace Telltale.Tests.Commands;

[Collection("Console")]
public sealed class ProbeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-probe-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int ExitCode, string Error)> RunAsync(params string[] args) => CliHarness.RunAsync(args);

    /// <summary>An agent that marks its prompt with U+2019 when its base URL's host ends in .cn.</summary>
    private string WriteAgent()
    {
        var path = Path.Combine(_folder, "agent.js");
        File.WriteAllText(path, """
            const base = process.env.ANTHROPIC_BASE_URL || "https://api.anthropic.com";
            const mark = new URL(base).hostname.endsWith(".cn") ? "\u2019" : "'";
            fetch(`${base}/v1/messages`, { method: "POST", headers: { "content-type": "application/json" },
              body: JSON.stringify({ model: "m", max_tokens: 8, messages: [{ role: "user", content: `It${mark}s a test of the probe.` }] }) })
              .then(r => r.json()).then(r => console.log(r.content[0].text));
            """);
        return path;
    }

    /// <summary>
    /// A package whose agent marks its prompt with U+2019 when its base URL's host is on a literal list of domains none of
    /// the default variants is on: only a matrix from a scan of the package finds the channel.
    /// </summary>
    private string WriteListedAgentPackage()
    {
        var package = Path.Combine(_folder, "listed-agent");
        Directory.CreateDirectory(Path.Combine(package, "bin"));
        File.WriteAllText(Path.Combine(package, "package.json"), """{ "name": "listed-agent", "version": "1.0.0" }""");
        var script = Path.Combine(package, "bin", "agent.js");
        File.WriteAllText(script, """
            const LISTED = ["rival.cn", "other-lab.cn"];
            const base = process.env.ANTHROPIC_BASE_URL || "https://api.anthropic.com";
            const host = new URL(base).hostname;
            const mark = LISTED.some(d => host === d || host.endsWith("." + d)) ? "\u2019" : "'";
            fetch(`${base}/v1/messages`, { method: "POST", headers: { "content-type": "application/json" },
              body: JSON.stringify({ model: "m", max_tokens: 8, messages: [{ role: "user", content: `It${mark}s a test of the probe.` }] }) })
              .then(r => r.json()).then(r => console.log(r.content[0].text));
            """);
        return script;
    }

    [Collection("Console")]
    public sealed class TheMatrix : IDisposable
    {
        private readonly ProbeCommandTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Tests.Probing.Isolation.NetworkIsolationFact]
        public async Task Comes_from_a_scan_of_the_scripts_package_reused_from_the_store_the_second_time()
        {
            var script = _fixture.WriteListedAgentPackage();
            var store = Path.Combine(_fixture._folder, "scans.db");
            var report = Path.Combine(_fixture._folder, "probe.json");

            var (code, error) = await RunAsync("probe", "--db", store, "--format", "json", "--output", report, "--", "node", "--no-warnings", script);

            Assert.True(code == ExitCodes.FindingsAtThreshold, error);
            using (var document = JsonDocument.Parse(File.ReadAllText(report)))
            {
                var source = document.RootElement.GetProperty("matrixSource");
                Assert.Equal("scan", source.GetProperty("origin").GetString());
                Assert.Contains($"package folder {Path.GetDirectoryName(Path.GetDirectoryName(script))}", source.GetProperty("description").GetString(), StringComparison.Ordinal);
                Assert.Equal(64, source.GetProperty("sha256").GetString()!.Length);
                Assert.False(source.GetProperty("fromStore").GetBoolean());
                var variant = Assert.Single(document.RootElement.GetProperty("variants").EnumerateArray(), v => v.GetProperty("name").GetString()!.EndsWith("(no keyword)", StringComparison.Ordinal));
                Assert.Equal("https://api.rival.cn", variant.GetProperty("env").GetProperty("ANTHROPIC_BASE_URL").GetString());
                var channel = Assert.Single(document.RootElement.GetProperty("comparison").GetProperty("differences").EnumerateArray(), d => d.GetProperty("channel").GetBoolean());
                Assert.Equal("ANTHROPIC_BASE_URL=https://api.rival.cn", channel.GetProperty("explainedBy").GetString());
            }

            Assert.Contains("telltale: matrix: scan of package folder", error, StringComparison.Ordinal);

            (code, error) = await RunAsync("probe", "--db", store, "--format", "json", "--output", report, "-q", "--", "node", script);

            Assert.True(code == ExitCodes.FindingsAtThreshold, error);
            using var again = JsonDocument.Parse(File.ReadAllText(report));
            Assert.True(again.RootElement.GetProperty("matrixSource").GetProperty("fromStore").GetBoolean());
        }

        [Tests.Probing.Isolation.NetworkIsolationFact]
        public async Task Is_the_defaults_with_no_scan_and_misses_what_only_the_scan_would_test()
        {
            var script = _fixture.WriteListedAgentPackage();
            var report = Path.Combine(_fixture._folder, "probe.json");

            var (code, error) = await RunAsync("probe", "--no-scan", "--format", "json", "--output", report, "-q", "--", "node", script);

            Assert.True(code == ExitCodes.Clean, error);
            using var document = JsonDocument.Parse(File.ReadAllText(report));
            var source = document.RootElement.GetProperty("matrixSource");
            Assert.Equal("defaults", source.GetProperty("origin").GetString());
            Assert.Contains("--no-scan", source.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(8, document.RootElement.GetProperty("variants").GetArrayLength());
            Assert.DoesNotContain("matrix:", error, StringComparison.Ordinal);
        }

        [Tests.Probing.Isolation.NetworkIsolationFact]
        public async Task Falls_back_to_the_defaults_in_one_line_when_nothing_can_be_scanned()
        {
            var report = Path.Combine(_fixture._folder, "probe.md");

            var (code, error) = await RunAsync("probe", "--no-store", "--format", "markdown", "--output", report, "-q", "--", "node", "-e", "0");

            Assert.True(code == ExitCodes.Clean, error);
            var line = Assert.Single(error.Trim().Split('\n'));
            Assert.Contains("telltale: matrix: the built-in defaults (nothing to scan: node -e runs code given on the command line", line, StringComparison.Ordinal);
            Assert.Contains("Matrix: the built-in defaults (nothing to scan", File.ReadAllText(report), StringComparison.Ordinal);
        }
    }

    [Collection("Console")]
    public sealed class TheExitCode : IDisposable
    {
        private readonly ProbeCommandTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Fact]
        public async Task Is_2_with_one_line_for_a_bad_matrix()
        {
            var matrix = Path.Combine(_fixture._folder, "m.yaml");
            File.WriteAllText(matrix, "repeats: 1\nvariants:\n  - name: a\n    env: {}\n");

            var (code, error) = await RunAsync("probe", "--matrix", matrix, "--", "node", "-e", "0");

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.StartsWith("telltale: ", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
        }

        [Fact]
        public async Task Is_2_without_a_command_to_run()
        {
            var (code, error) = await RunAsync("probe");

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Contains("telltale: ", error, StringComparison.Ordinal);
        }

        [Tests.Probing.Isolation.NetworkIsolationFact]
        public async Task Is_1_and_the_json_names_the_character_and_the_factor_when_a_channel_is_found()
        {
            var matrix = Path.Combine(_fixture._folder, "m.yaml");
            File.WriteAllText(matrix, "variants:\n  - name: cn\n    env: { ANTHROPIC_BASE_URL: https://llm.example.cn }\n  - name: com\n    env: { ANTHROPIC_BASE_URL: https://llm.example.com }\n");
            var report = Path.Combine(_fixture._folder, "probe.json");

            var (code, error) = await RunAsync("probe", "--matrix", matrix, "--format", "json", "--output", report, "-q", "--", "node", _fixture.WriteAgent());

            Assert.True(code == ExitCodes.FindingsAtThreshold, error);
            using var document = JsonDocument.Parse(File.ReadAllText(report));
            var difference = Assert.Single(document.RootElement.GetProperty("comparison").GetProperty("differences").EnumerateArray(), d => d.GetProperty("channel").GetBoolean());
            Assert.Equal("lookalike", difference.GetProperty("kind").GetString());
            Assert.Equal("ANTHROPIC_BASE_URL=https://llm.example.cn", difference.GetProperty("explainedBy").GetString());
            var change = Assert.Single(difference.GetProperty("changes").EnumerateArray());
            Assert.Equal("U+2019 RIGHT SINGLE QUOTATION MARK", change.GetProperty("newCodePoints")[0].GetString());
            Assert.Equal(6, document.RootElement.GetProperty("runs").GetArrayLength());
        }

        [Theory]
        [InlineData(new[] { "--gateway", "loud" }, "--gateway 'loud' is not one of observe, normalise, block")]
        [InlineData(new[] { "--gateway", "block" }, "--gateway block needs --policy FILE")]
        [InlineData(new[] { "--policy", "p.yaml" }, "--policy is the gateway's")]
        public async Task Is_2_with_one_line_for_bad_gateway_options(string[] options, string expected)
        {
            var (code, error) = await RunAsync(["probe", .. options, "--", "node", "-e", "0"]);

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
        }

        [Tests.Probing.Isolation.NetworkIsolationFact]
        public async Task Is_0_through_the_gateway_when_it_closes_the_channel_the_direct_probe_finds()
        {
            var matrix = Path.Combine(_fixture._folder, "m.yaml");
            File.WriteAllText(matrix, "variants:\n  - name: cn\n    env: { ANTHROPIC_BASE_URL: https://llm.example.cn }\n  - name: com\n    env: { ANTHROPIC_BASE_URL: https://llm.example.com }\n");
            var report = Path.Combine(_fixture._folder, "probe.json");

            var (code, error) = await RunAsync("probe", "--matrix", matrix, "--gateway", "normalise", "--format", "json", "--output", report, "-q", "--", "node", _fixture.WriteAgent());

            Assert.True(code == ExitCodes.Clean, error);
            using var document = JsonDocument.Parse(File.ReadAllText(report));
            var root = document.RootElement;
            Assert.Equal("telltale gateway in normalise mode", root.GetProperty("frontDoor").GetString());
            Assert.False(root.GetProperty("channelsReachUpstream").GetBoolean());
            var channel = Assert.Single(root.GetProperty("channels").EnumerateArray());
            Assert.False(channel.GetProperty("reachesUpstream").GetBoolean());
            Assert.Equal("U+2019 RIGHT SINGLE QUOTATION MARK", channel.GetProperty("channel").GetProperty("changes")[0].GetProperty("newCodePoints")[0].GetString());
            var change = Assert.Single(root.GetProperty("characterChanges").EnumerateArray());
            Assert.Equal(("U+2019", "U+0027"), (change.GetProperty("before").GetString(), change.GetProperty("after").GetString()));
            Assert.Equal("cn", Assert.Single(change.GetProperty("variants").EnumerateArray()).GetProperty("variant").GetString());

            // What reached the upstream through the gateway: the tool's requests, on the host the tool chose, without the mark.
            var upstream = root.GetProperty("throughFrontDoor").GetProperty("runs").EnumerateArray().SelectMany(r => r.GetProperty("requests").EnumerateArray()).ToList();
            Assert.Equal(6, upstream.Count); // the baseline added to the two variants, twice each
            Assert.Contains(upstream, r => r.GetProperty("host").GetString() == "llm.example.cn");
            Assert.DoesNotContain(upstream, r => r.GetProperty("body").GetString()!.Contains('\u2019', StringComparison.Ordinal));
        }
    }
}
