using Telltale.Artifacts;
using Telltale.Probing;
using Telltale.Probing.Evidence;
using Telltale.Probing.Running;

namespace Telltale.Tests.Probing.EvidenceBundles;

public sealed class ProgramFingerprintsTests : IDisposable
{
    private readonly EvidenceFixtures _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public void Hashes_the_program_found_on_PATH_and_each_argument_naming_a_file_or_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_fixtures.Folder, "package")).FullName;
        File.WriteAllText(Path.Combine(folder, "cli.js"), "1");
        Directory.CreateDirectory(Path.Combine(folder, "lib"));
        File.WriteAllText(Path.Combine(folder, "lib", "a.js"), "2");

        var fingerprints = ProgramFingerprints.Take(new ProbedProgram("sh", [_fixtures.Agent, "-p", folder, "/no/such/file"]));

        var program = fingerprints[0];
        Assert.Equal((0, ProgramFileKind.Executable, "sh"), (program.ArgumentIndex, program.Kind, program.Argument));
        Assert.True(Path.IsPathRooted(program.Path));
        Assert.Equal(ArtifactHasher.HashFile(program.Path), program.Sha256);
        Assert.Equal([0, 1, 3], fingerprints.Select(f => f.ArgumentIndex));
        Assert.Equal(ArtifactHasher.HashFile(_fixtures.Agent), fingerprints[1].Sha256);
        var tree = fingerprints[2];
        Assert.Equal((ProgramFileKind.Folder, 2), (tree.Kind, tree.Files));
        Assert.Equal(ArtifactHasher.HashDirectory(folder), tree.Sha256);
    }

    [Fact]
    public void Finds_nothing_changed_when_nothing_has()
    {
        var program = _fixtures.Program;

        Assert.Empty(ProgramFingerprints.FindChanges(ProgramFingerprints.Take(program), program));
    }

    [Fact]
    public void Finds_a_changed_file_a_missing_file_and_a_file_without_a_recorded_hash()
    {
        var other = Path.Combine(_fixtures.Folder, "other.js");
        File.WriteAllText(other, "x");
        var program = new ProbedProgram("node", [_fixtures.Agent, other]);
        var recorded = ProgramFingerprints.Take(program);

        File.AppendAllText(_fixtures.Agent, "// changed\n");
        File.Delete(other);
        var changes = ProgramFingerprints.FindChanges(recorded, program);

        Assert.Equal([1, 2], changes.Select(c => c.ArgumentIndex));
        Assert.StartsWith($"{_fixtures.Agent} (argument 1) changed: sha256 ", changes[0].Describe(), StringComparison.Ordinal);
        Assert.Equal($"{other} (argument 2) is gone", changes[1].Describe());

        var withoutAgent = ProgramFingerprints.FindChanges([.. recorded.Where(f => f.ArgumentIndex != 1)], new ProbedProgram("node", [_fixtures.Agent]));
        Assert.Null(Assert.Single(withoutAgent).RecordedSha256);
    }

    [Fact]
    public void Refuses_a_program_that_is_not_on_PATH()
    {
        var error = Assert.Throws<ProbeException>(() => ProgramFingerprints.Take(new ProbedProgram("telltale-no-such-program", [])));

        Assert.Contains("on PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_refuses_a_changed_program_before_it_runs_anything()
    {
        _fixtures.WriteBundle(EvidenceFixtures.Report(SimulatedAgent.FourVariants()));
        File.AppendAllText(_fixtures.Agent, "// a different agent\n");
        var bundle = EvidenceBundleReader.Read(_fixtures.Bundle);

        var error = await Assert.ThrowsAsync<ChangedProgramException>(() => EvidenceReplay.RunAsync(bundle, allowChangedProgram: false));

        var change = Assert.Single(error.Changes);
        Assert.Equal(1, change.ArgumentIndex);
        Assert.Contains("changed: sha256", error.Message, StringComparison.Ordinal);
    }
}
