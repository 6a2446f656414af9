using System.CommandLine;
using Telltale.Probing;
using Telltale.Probing.Evidence;
using Telltale.Probing.Matrix;
using Telltale.Probing.Reports;
using Telltale.Probing.Running;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>probe --evidence DIR</c>: everything that can refuse the bundle (the folder, the matrix's YAML, the program's
/// hashes) is checked before the probe runs, so a long probe is never thrown away at the end; the hashes are of
/// what is about to run, not of what the tool may have rewritten while it ran.
/// </summary>
internal static class ProbeEvidenceOption
{
    public static readonly Option<string?> Evidence = new("--evidence")
    {
        Description = "Also write an evidence bundle to this new or empty folder: matrix, requests per run, reports, command line and program hashes (replay it with telltale probe replay DIR)",
    };

    /// <summary>
    /// Why <c>--evidence</c> cannot be honoured with these options (a folder that is not new or empty, a front door),
    /// or null: checked with the other options, before the scan that chooses the matrix.
    /// </summary>
    public static string? Check(ParseResult parse, bool throughFrontDoor)
    {
        if (parse.GetValue(Evidence) is not { } folder)
        {
            return null;
        }

        if (throughFrontDoor)
        {
            return "--evidence records a direct probe; leave out --gateway";
        }

        return EvidenceBundleWriter.Problem(folder) is { } problem ? $"cannot write the evidence bundle: {problem}" : null;
    }

    /// <summary>What the bundle will record, or null without <c>--evidence</c>; <see cref="Check"/> has passed.</summary>
    /// <exception cref="ProbeException">The bundle cannot be written; the message is the one line to show.</exception>
    public static Prepared? Prepare(ParseResult parse, ProbedProgram program, ProbeOptions options, ProbeMatrix matrix)
    {
        if (parse.GetValue(Evidence) is not { } folder)
        {
            return null;
        }

        ProbeMatrixWriter.Write(matrix);
        return new Prepared(folder, EvidenceCommand.Of(program, options, Scanning.Scanner.ToolVersion), ProgramFingerprints.Take(program));
    }

    /// <returns>The one-line problem when the bundle could not be written, or null.</returns>
    public static string? Write(Prepared? prepared, ProbeReport report)
    {
        if (prepared is null)
        {
            return null;
        }

        try
        {
            EvidenceBundleWriter.Write(prepared.Folder, report, prepared.Command, prepared.Programs);
            return null;
        }
        catch (Exception error) when (error is ProbeException or IOException or UnauthorizedAccessException)
        {
            return $"cannot write the evidence bundle: {error.Message}";
        }
    }

    internal sealed record Prepared(string Folder, EvidenceCommand Command, IReadOnlyList<ProgramFingerprint> Programs);
}
