using Telltale.Probing.Running;

namespace Telltale.Probing.Evidence;

/// <summary>
/// The command a bundle's probe ran, as it ran: the argument vector (the program first, paths made absolute),
/// the folder the runs started in (null for a fresh empty one), the per-run timeout, and the telltale that ran it.
/// </summary>
public sealed record EvidenceCommand(IReadOnlyList<string> Arguments, string? WorkingDirectory, TimeSpan Timeout, string TelltaleVersion)
{
    public static EvidenceCommand Of(ProbedProgram program, ProbeOptions options, string telltaleVersion)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(options);
        return new([program.FileName, .. program.Arguments], options.WorkingDirectory, options.RunTimeout, telltaleVersion);
    }

    public ProbedProgram Program => new(Arguments[0], [.. Arguments.Skip(1)]);
}
