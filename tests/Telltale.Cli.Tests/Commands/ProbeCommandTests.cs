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
