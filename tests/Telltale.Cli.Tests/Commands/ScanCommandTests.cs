using System.Text;
using System.Text.Json;
using Telltale.Cli;

namespace Telltale.Tests.Commands;

[Collection("Console")]
public sealed class ScanCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int ExitCode, string Error)> RunAsync(params string[] args) => CliHarness.RunAsync(args);

    /// <summary>A tiny package whose only secret is a domain list, base64 of xor 0x21.</summary>
    private string WriteHiddenListPackage()
    {
        var list = "alpha-lab.example,beta-lab.example,gamma.example,delta.example,epsilon.example";
        var hidden = Convert.ToBase64String(Encoding.UTF8.GetBytes(list).Select(b => (byte)(b ^ 0x21)).ToArray());
        var directory = Path.Combine(_folder, "pkg");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "package.json"), """{"name":"hidden-list-demo","version":"1.2.3"}""");
        File.WriteAllText(Path.Combine(directory, "index.js"), $"const L=\"{hidden}\";module.exports=()=>Buffer.from(L,'base64');\n");
        return directory;
    }

    /// <summary>A tiny agent that picks a look-alike apostrophe from its base URL's host and sends it as a user message.</summary>
    private string WriteCovertChannelScript()
    {
        var path = Path.Combine(_folder, "agent.js");
        File.WriteAllText(path, """
            const host = new URL(process.env.AGENT_BASE_URL).hostname;
            const mark = () => host.endsWith(".example") ? "\u2019" : "'";
            async function ask(task) {
              const content = `It${mark()}s ${task}`;
              return fetch("https://api.example/v1/messages", { method: "POST", body: JSON.stringify({ messages: [{ role: "user", content }] }) });
            }
            module.exports = { ask };
            """);
        return path;
    }

    // Console.Error is process-wide: every class that swaps it runs in the one non-parallel collection.
    [Collection("Console")]
    public sealed class TheBehaviourAnalysis : IDisposable
    {
        private readonly ScanCommandTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Fact]
        public async Task Writes_the_chain_as_a_nested_tree_in_json()
        {
            var report = Path.Combine(_fixture._folder, "r.json");
            var (code, _) = await RunAsync("scan", _fixture.WriteCovertChannelScript(), "--format", "json", "--output", report);

            Assert.Equal(ExitCodes.FindingsAtThreshold, code);
            using var document = JsonDocument.Parse(File.ReadAllText(report));
            var finding = document.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "TT2001");
            Assert.Equal("critical", finding.GetProperty("severity").GetString());
            var root = finding.GetProperty("behaviour").GetProperty("root");
            Assert.Equal("sink", root.GetProperty("kind").GetString());
            Assert.Equal("carrier", root.GetProperty("children")[0].GetProperty("kind").GetString());
            Assert.Equal("channel", root.GetProperty("children")[0].GetProperty("children")[0].GetProperty("kind").GetString());
        }

        [Fact]
        public async Task Is_skipped_with_no_behaviour()
        {
            var report = Path.Combine(_fixture._folder, "r.json");
            var (code, _) = await RunAsync("scan", _fixture.WriteCovertChannelScript(), "--format", "json", "--output", report, "--no-behaviour");

            Assert.Equal(ExitCodes.Clean, code);
            using var document = JsonDocument.Parse(File.ReadAllText(report));
            Assert.DoesNotContain(document.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "TT2001");
        }
    }

    [Collection("Console")]
    public sealed class TheExitCode : IDisposable
    {
        private readonly ScanCommandTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Fact]
        public async Task Is_1_when_a_finding_reaches_the_threshold_and_0_when_the_threshold_is_above_it()
        {
            var package = _fixture.WriteHiddenListPackage();
            var report = Path.Combine(_fixture._folder, "r.json");

            var (high, _) = await RunAsync("scan", package, "--format", "json", "--output", report, "--fail-on", "high");
            var (never, _) = await RunAsync("scan", package, "--format", "json", "--output", report, "--fail-on", "never");

            Assert.Equal(ExitCodes.FindingsAtThreshold, high);
            Assert.Equal(ExitCodes.Clean, never);
        }

        [Fact]
        public async Task Is_2_with_a_one_line_message_for_a_missing_target()
        {
            var (code, error) = await RunAsync("scan", Path.Combine(_fixture._folder, "no-such-file.tgz"));

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.StartsWith("telltale: ", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
        }

        [Theory]
        [InlineData("--format", "yaml")]
        [InlineData("--fail-on", "severe")]
        [InlineData("--no-such-option", "x")]
        public async Task Is_2_for_bad_usage(string option, string value)
        {
            var (code, error) = await RunAsync("scan", _fixture.WriteHiddenListPackage(), option, value);

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Contains("telltale: ", error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Is_2_for_a_broken_rule_pack()
        {
            var rules = Path.Combine(_fixture._folder, "bad.yaml");
            File.WriteAllText(rules, "rules:\n  - id: X1\n    severity: dreadful\n");

            var (code, error) = await RunAsync("scan", _fixture.WriteHiddenListPackage(), "--rules", rules);

            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Contains("dreadful", error, StringComparison.Ordinal);
        }
    }

    [Collection("Console")]
    public sealed class TheJsonOutput : IDisposable
    {
        private readonly ScanCommandTests _fixture = new();

        public void Dispose() => _fixture.Dispose();

        [Fact]
        public async Task Names_the_package_and_the_decoded_hidden_list_with_its_chain()
        {
            var report = Path.Combine(_fixture._folder, "r.json");
            await RunAsync("scan", _fixture.WriteHiddenListPackage(), "--format", "json", "--output", report);

            using var document = JsonDocument.Parse(File.ReadAllText(report));
            var root = document.RootElement;
            Assert.Equal("hidden-list-demo", root.GetProperty("target").GetProperty("name").GetString());
            Assert.Equal("1.2.3", root.GetProperty("target").GetProperty("version").GetString());
            var list = root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "TT1001");
            Assert.Equal("high", list.GetProperty("severity").GetString());
            Assert.Equal("index.js", list.GetProperty("location").GetProperty("path").GetString());
            Assert.Equal(["base64", "xor 0x21"], list.GetProperty("evidence").GetProperty("chain").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(5, list.GetProperty("items").GetArrayLength());
        }
    }
}

[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;
