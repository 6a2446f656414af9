using System.Text.Json;
using Telltale.Cli;

namespace Telltale.Tests.Commands;

[Collection("Console")]
public sealed class ProbeEvidenceCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-evidence-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int ExitCode, string Error)> RunAsync(params string[] args) => CliHarness.RunAsync(args);

    private static void AssertOneLineFailure(int code, string error, string expected)
    {
        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.StartsWith("telltale: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    /// <summary>An agent that marks its prompt with U+2019 when its base URL's host ends in .cn.</summary>
    private string WriteAgent(string mark = "\\u2019")
    {
        var path = Path.Combine(_folder, "agent.js");
        File.WriteAllText(path, $$"""
            const base = process.env.ANTHROPIC_BASE_URL || "https://api.anthropic.com";
            const mark = new URL(base).hostname.endsWith(".cn") ? "{{mark}}" : "'";
            fetch(`${base}/v1/messages`, { method: "POST", headers: { "content-type": "application/json" },
              body: JSON.stringify({ model: "m", max_tokens: 8, messages: [{ role: "user", content: `It${mark}s a test of the probe.` }] }) })
              .then(r => r.json()).then(r => console.log(r.content[0].text));
            """);
        return path;
    }

    [Fact]
    public async Task Replay_is_2_with_one_line_without_a_bundle()
    {
        var (code, error) = await RunAsync("probe", "replay", Path.Combine(_folder, "missing"));

        AssertOneLineFailure(code, error, "no evidence bundle");
    }

    [Fact]
    public async Task Replay_is_2_with_one_line_for_a_manifest_that_is_not_json()
    {
        var bundle = Directory.CreateDirectory(Path.Combine(_folder, "bundle")).FullName;
        File.WriteAllText(Path.Combine(bundle, "evidence.json"), "{\"schemaVersion\": \n\u001b[31m");

        var (code, error) = await RunAsync("probe", "replay", bundle);

        AssertOneLineFailure(code, error, "evidence.json: not valid JSON");
        Assert.DoesNotContain('\u001b', error);
    }

    [Fact]
    public async Task Evidence_into_a_folder_that_holds_something_is_2_before_anything_runs()
    {
        var bundle = Directory.CreateDirectory(Path.Combine(_folder, "bundle")).FullName;
        File.WriteAllText(Path.Combine(bundle, "mine.txt"), "keep");

        var (code, error) = await RunAsync("probe", "--evidence", bundle, "--", "node", "-e", "0");

        AssertOneLineFailure(code, error, "not empty");
        Assert.Equal(["mine.txt"], Directory.GetFileSystemEntries(bundle).Select(Path.GetFileName));
    }

    [Tests.Probing.Isolation.NetworkIsolationFact]
    public async Task A_bundle_replays_with_0_then_2_once_the_agent_changes_and_1_when_replayed_anyway()
    {
        var matrix = Path.Combine(_folder, "m.yaml");
        File.WriteAllText(matrix, "variants:\n  - name: cn\n    env: { ANTHROPIC_BASE_URL: https://llm.example.cn }\n  - name: com\n    env: { ANTHROPIC_BASE_URL: https://llm.example.com }\n");
        var bundle = Path.Combine(_folder, "bundle");
        var agent = WriteAgent();

        var (probed, probeError) = await RunAsync("probe", "--matrix", matrix, "--evidence", bundle, "--format", "json", "--output", Path.Combine(_folder, "probe.json"), "-q", "--", "node", agent);

        Assert.True(probed == ExitCodes.FindingsAtThreshold, probeError);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "evidence.json"))))
        {
            Assert.Equal(["node", agent], manifest.RootElement.GetProperty("command").GetProperty("argv").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal(1, manifest.RootElement.GetProperty("channels").GetInt32());
        }

        var verdict = Path.Combine(_folder, "replay.json");
        var (replayed, replayError) = await RunAsync("probe", "replay", bundle, "-q", "--format", "json", "--output", verdict);

        Assert.True(replayed == ExitCodes.Clean, replayError);
        using (var document = JsonDocument.Parse(File.ReadAllText(verdict)))
        {
            Assert.True(document.RootElement.GetProperty("reproduced").GetBoolean());
            Assert.Equal("confirmed", Assert.Single(document.RootElement.GetProperty("channels").EnumerateArray()).GetProperty("status").GetString());
        }

        WriteAgent(mark: "\\u02BC");
        var (refused, refusal) = await RunAsync("probe", "replay", bundle, "-q");
        AssertOneLineFailure(refused, refusal, "refusing to replay: ");
        Assert.Contains("--allow-changed-program", refusal, StringComparison.Ordinal);

        var (anyway, anywayError) = await RunAsync("probe", "replay", bundle, "-q", "--allow-changed-program", "--format", "markdown", "--output", Path.Combine(_folder, "replay.md"));
        Assert.True(anyway == ExitCodes.FindingsAtThreshold, anywayError);
        Assert.Contains("**not reproduced**", File.ReadAllText(Path.Combine(_folder, "replay.md")), StringComparison.Ordinal);
    }
}
