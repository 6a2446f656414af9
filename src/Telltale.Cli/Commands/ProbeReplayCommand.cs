using System.CommandLine;
using Spectre.Console;
using Telltale.Cli.Rendering;
using Telltale.Probing;
using Telltale.Probing.Evidence;
using Telltale.Probing.Running;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>telltale probe replay DIR</c>: run an evidence bundle's matrix again with its command and say, per recorded
/// channel, whether it was found again. Exit 0 when all are and nothing new appears, 1 otherwise, 2 for a bundle that
/// cannot be read, a changed program (without <c>--allow-changed-program</c>) or no isolation.
/// </summary>
internal static class ProbeReplayCommand
{
    private static readonly Argument<string> Bundle = new("bundle")
    {
        Description = "The evidence bundle's folder (written by telltale probe --evidence)",
    };

    private static readonly Option<bool> AllowChangedProgram = new("--allow-changed-program")
    {
        Description = "Replay even when the program or a file it is given no longer has the recorded sha256",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress display",
    };

    private static readonly ReportOutputOptions Output = ReportOutputOptions.Create("replay verdict", "json", "markdown");

    public static Command Create()
    {
        var command = new Command("replay", "Run an evidence bundle again and confirm each recorded channel (exit 0: all confirmed, none new; 1: otherwise).")
        {
            Bundle, AllowChangedProgram, Quiet,
        };
        Output.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (Output.Check(parse, out var format) is { } problem)
        {
            return CliError.Fail(problem);
        }

        ReplayReport report;
        try
        {
            var bundle = EvidenceBundleReader.Read(parse.GetValue(Bundle)!);
            var quiet = parse.GetValue(Quiet) || Console.IsErrorRedirected;
            if (!quiet)
            {
                CliError.Say($"replaying {string.Join(' ', bundle.Manifest.Command.Arguments)}");
            }

            report = await EvidenceReplay.RunAsync(bundle, parse.GetValue(AllowChangedProgram), quiet ? null : new Progress<ProbeProgress>(p =>
                CliError.Say($"run {p.Index}/{p.Total}: {p.Variant} (repeat {p.Repeat})")), cancellationToken).ConfigureAwait(false);
        }
        catch (ChangedProgramException error)
        {
            return CliError.Fail($"refusing to replay: {error.Message}; pass --allow-changed-program to replay anyway");
        }
        catch (ProbeException error)
        {
            return CliError.Fail(error.Message);
        }
        catch (OperationCanceledException)
        {
            return CliError.Cancelled();
        }

        var written = await Output.WriteAsync(parse, format,
            console => ReplayTerminalReport.Render(console, report),
            writer => writer.Write(format == "json" ? ReplayJsonWriter.Write(report) : ReplayMarkdownWriter.Write(report))).ConfigureAwait(false);
        if (written is { } writeProblem)
        {
            return CliError.Fail(writeProblem);
        }

        return report.Verdict.Reproduced ? ExitCodes.Clean : ExitCodes.FindingsAtThreshold;
    }
}
