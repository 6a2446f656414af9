using Telltale.Probing.Evidence;
using Telltale.Probing.Matrix;
using Telltale.Probing.Running;
using Telltale.Tests.Probing.Isolation;
using Telltale.Tests.Probing.Running;

namespace Telltale.Tests.Probing.EvidenceBundles;

[Collection(ProbeRunsCollection.Name)]
public sealed class EvidenceReplayTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-replay-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [NetworkIsolationFact]
    public async Task A_bundle_of_a_real_probe_replays_confirmed_and_is_refused_once_the_agent_changes()
    {
        var agent = Path.Combine(_folder, "covert-agent.js");
        File.Copy(ProbeRunnerTests.CovertAgent, agent);
        var program = new ProbedProgram("node", [agent, "say hi"]);
        var matrix = ProbeMatrixLoader.Parse("""
            variants:
              - name: defaults
                env: {}
              - name: listed
                env: { ANTHROPIC_BASE_URL: https://api.rival-lab.example }
              - name: keyword
                env: { ANTHROPIC_BASE_URL: https://frontier-gateway.example.com }
            """);
        var options = new ProbeOptions { RunTimeout = TimeSpan.FromSeconds(60) };
        var programs = ProgramFingerprints.Take(program);
        var report = await Probe.RunAsync(program, matrix, options);
        var bundleFolder = Path.Combine(_folder, "bundle");
        EvidenceBundleWriter.Write(bundleFolder, report, EvidenceCommand.Of(program, options, "test"), programs);

        var bundle = EvidenceBundleReader.Read(bundleFolder);
        var replay = await EvidenceReplay.RunAsync(bundle, allowChangedProgram: false);

        Assert.Equal(2, bundle.Channels.Count);
        Assert.All(replay.Verdict.Recorded, c => Assert.True(c.Confirmed, $"not reproduced: {c.Channel}"));
        Assert.Empty(replay.Verdict.New);
        Assert.True(replay.Verdict.Reproduced);
        Assert.Equal(6, replay.Probe.Runs.Count);
        Assert.DoesNotContain("sk-telltale", File.ReadAllText(Path.Combine(bundleFolder, "report.json")), StringComparison.Ordinal);

        File.WriteAllText(agent, File.ReadAllText(agent).Replace("\\u2019", "\\u02BB", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<ChangedProgramException>(() => EvidenceReplay.RunAsync(EvidenceBundleReader.Read(bundleFolder), allowChangedProgram: false));
        Assert.Equal(agent, Assert.Single(refused.Changes).Path);

        var anyway = await EvidenceReplay.RunAsync(EvidenceBundleReader.Read(bundleFolder), allowChangedProgram: true);
        Assert.Single(anyway.ChangedPrograms);
        Assert.Contains(anyway.Verdict.Recorded, c => !c.Confirmed && c.Channel.Variants.SequenceEqual(["listed"]));
        Assert.Contains(anyway.Verdict.New, c => c.Changes.Single().EndsWith("U+02BB MODIFIER LETTER TURNED COMMA", StringComparison.Ordinal));
        Assert.False(anyway.Verdict.Reproduced);
    }
}
