using Telltale.Probing.Running;

namespace Telltale.Probing.Evidence;

/// <summary>
/// Runs a bundle's matrix again with its command, as the bundle recorded them (timeout, working-directory mode), and
/// sets the channels found beside the recorded ones. The recorded hashes are checked first: a command whose files
/// changed is not the command that was probed, and is refused unless the caller allows it.
/// </summary>
public static class EvidenceReplay
{
    /// <exception cref="ChangedProgramException">A hashed file changed, is gone, or the command names a file the bundle has no hash for, and <paramref name="allowChangedProgram"/> is false.</exception>
    /// <exception cref="ProbeException">The recorded working directory is missing, or the probe cannot run (no isolation, the program does not start).</exception>
    public static async Task<ReplayReport> RunAsync(
        EvidenceBundle bundle,
        bool allowChangedProgram,
        IProgress<ProbeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var command = bundle.Manifest.Command;
        var program = command.Program;
        var changes = ProgramFingerprints.FindChanges(bundle.Manifest.Programs, program);
        if (changes.Count > 0 && !allowChangedProgram)
        {
            throw new ChangedProgramException(changes);
        }

        if (command.WorkingDirectory is { } folder && !Directory.Exists(folder))
        {
            throw new ProbeException($"the recorded working directory {folder} does not exist here");
        }

        var options = new ProbeOptions { RunTimeout = command.Timeout, WorkingDirectory = command.WorkingDirectory };
        var probe = await Probe.RunAsync(program, bundle.Matrix, options, progress, cancellationToken).ConfigureAwait(false);
        return new ReplayReport(bundle, changes, probe, ReplayComparison.Compare(bundle.Channels, ChannelSignatures.Of(probe)));
    }
}
