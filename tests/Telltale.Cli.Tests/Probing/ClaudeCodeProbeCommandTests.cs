using System.Text.Json;
using Telltale.Cli;
using Telltale.Tests.Probing.Isolation;
using Telltale.Tests.Probing.Running;

namespace Telltale.Tests.Probing;

/// <summary>
/// The probe as a researcher first runs it on the seeds' agent: no option but the command. The matrix comes from a scan of
/// the package, each channel must be tied to the variable the agent reads, and the evidence bundle must replay.
/// </summary>
[Trait("Category", "RealPackage")]
[Collection("Console")]
public sealed class ClaudeCodeProbeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-probe-claude-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [NetworkIsolationFact]
    public async Task With_only_the_command_shows_each_channel_tied_to_ANTHROPIC_BASE_URL_and_its_evidence_replays()
    {
        var package = await ClaudeCodePackages.UnpackAsync("npm:@anthropic-ai/claude-code@2.1.91");
        var store = Path.Combine(_folder, "scans.db");
        var report = Path.Combine(_folder, "probe.json");
        var evidence = Path.Combine(_folder, "evidence");

        var (code, error) = await CliHarness.RunAsync(
            "probe", "--db", store, "--format", "json", "--output", report, "--evidence", evidence, "--", "node", Path.Combine(package, "cli.js"), "-p", "say hi");

        Assert.True(code == ExitCodes.FindingsAtThreshold, error);
        using (var document = JsonDocument.Parse(File.ReadAllText(report)))
        {
            Assert.Equal("scan", document.RootElement.GetProperty("matrixSource").GetProperty("origin").GetString());
            var channels = document.RootElement.GetProperty("comparison").GetProperty("differences").EnumerateArray()
                .Where(d => d.GetProperty("channel").GetBoolean())
                .ToArray();

            string ExplanationOf(string kind, string newCodePoint)
            {
                var channel = Assert.Single(channels, c => c.GetProperty("kind").GetString() == kind
                    && c.GetProperty("changes").EnumerateArray().All(change => change.GetProperty("newCodePoints").EnumerateArray().Single().GetString() == newCodePoint));
                Assert.True(channel.GetProperty("isolated").GetBoolean());
                var explanation = channel.GetProperty("explainedBy").GetString()!;
                Assert.DoesNotContain("OPENAI_BASE_URL", explanation, StringComparison.Ordinal);
                Assert.DoesNotContain("|", explanation, StringComparison.Ordinal);
                return explanation;
            }

            foreach (var apostrophe in new[] { "U+2019 RIGHT SINGLE QUOTATION MARK", "U+02BC MODIFIER LETTER APOSTROPHE", "U+02B9 MODIFIER LETTER PRIME" })
            {
                Assert.StartsWith("ANTHROPIC_BASE_URL", ExplanationOf("lookalike", apostrophe), StringComparison.Ordinal);
                Assert.DoesNotContain("∧", ExplanationOf("lookalike", apostrophe), StringComparison.Ordinal);
            }

            var separator = ExplanationOf("text", "U+002F SOLIDUS").Split(" ∧ ");
            Assert.Equal(2, separator.Length);
            Assert.Contains(separator, condition => condition.StartsWith("ANTHROPIC_BASE_URL", StringComparison.Ordinal));
            Assert.Contains(separator, condition => condition.StartsWith("TZ", StringComparison.Ordinal));
            Assert.Equal(4, channels.Length);
        }

        var replay = Path.Combine(_folder, "replay.json");
        (code, error) = await CliHarness.RunAsync("probe", "replay", evidence, "--format", "json", "--output", replay);

        Assert.True(code == ExitCodes.Clean, error);
        using var replayed = JsonDocument.Parse(File.ReadAllText(replay));
        Assert.True(replayed.RootElement.GetProperty("reproduced").GetBoolean());
    }
}
