using Telltale.Probing;
using Telltale.Probing.Evidence;
using Telltale.Probing.Matrix;
using Telltale.Probing.Reports;
using Telltale.Probing.Running;

namespace Telltale.Tests.Probing.EvidenceBundles;

/// <summary>A probe report of <see cref="SimulatedAgent"/> built without running anything, and a bundle of it in a temporary folder.</summary>
internal sealed class EvidenceFixtures : IDisposable
{
    public EvidenceFixtures()
    {
        Folder = Directory.CreateTempSubdirectory("telltale-evidence-").FullName;
        Agent = Path.Combine(Folder, "agent.js");
        File.WriteAllText(Agent, "console.log('hi')\n");
    }

    public string Folder { get; }

    /// <summary>A file the recorded command names, so its hash is in the bundle.</summary>
    public string Agent { get; }

    public string Bundle => Path.Combine(Folder, "bundle");

    public static ProbeMatrix Matrix { get; } = new(
    [
        new ProbeVariant("baseline", new Dictionary<string, string?>()),
        new ProbeVariant("shanghai", new Dictionary<string, string?> { [SimulatedAgent.Tz] = SimulatedAgent.Shanghai }),
        new ProbeVariant("deepseek", new Dictionary<string, string?> { [SimulatedAgent.BaseUrl] = SimulatedAgent.DeepSeek }),
        new ProbeVariant("deepseek-shanghai", new Dictionary<string, string?> { [SimulatedAgent.BaseUrl] = SimulatedAgent.DeepSeek, [SimulatedAgent.Tz] = SimulatedAgent.Shanghai }),
    ]);

    public static ProbeReport Report(IReadOnlyList<ProbeRun> runs) => new()
    {
        Command = "node agent.js",
        Matrix = Matrix,
        Runs = [.. runs.Select(r => new ProbeRunOutcome(r, TimeSpan.FromSeconds(1), false))],
        Comparison = ProbeComparison.Compare(runs, "baseline"),
        Isolation = "test",
        StartedAt = DateTimeOffset.UnixEpoch,
        Elapsed = TimeSpan.FromSeconds(8),
        ToolVersion = "0.0.0-test",
    };

    public ProbedProgram Program => new("node", [Agent, "say hi"]);

    public EvidenceManifest WriteBundle(ProbeReport report) =>
        EvidenceBundleWriter.Write(Bundle, report, EvidenceCommand.Of(Program, new ProbeOptions(), "0.0.0-test"), ProgramFingerprints.Take(Program));

    /// <summary>Rewrites the bundle's manifest, for tests of what a hostile one may say.</summary>
    public void EditManifest(Func<string, string> edit)
    {
        var path = Path.Combine(Bundle, EvidenceManifest.FileName);
        File.WriteAllText(path, edit(File.ReadAllText(path)));
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
