using System.CommandLine;
using Spectre.Console;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tracking;
using Telltale.Tracking.Store;
using Telltale.Tracking.Diffing;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale diff OLD NEW</c>: what does the new release do that the old one did not?</summary>
internal static class DiffCommand
{
    private static readonly Argument<string> Old = new("old")
    {
        Description = "The old version: a scan target (as for scan, e.g. npm:NAME@VERSION) or a saved JSON report",
    };

    private static readonly Argument<string> New = new("new")
    {
        Description = "The new version: a scan target or a saved JSON report",
    };

    private static readonly Option<string> FailOn = new("--fail-on")
    {
        Description = "Exit with 1 when a new or worsened finding is at or above this severity: info, low, medium, high, critical, or never",
        DefaultValueFactory = _ => "high",
    };

    private static readonly Option<bool> ShowInfo = new("--show-info")
    {
        Description = "List info findings in the terminal and Markdown views instead of only counting them",
    };

    private static readonly Option<string?> Platform = new("--platform")
    {
        Description = "Platform whose packages from optionalDependencies are scanned with npm targets: OS-CPU[-musl] or none; default: this machine's",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress display",
    };

    public static Command Create()
    {
        var command = new Command("diff", "Compare two versions (scan targets or saved JSON reports): new, removed and changed findings and capabilities, matched by meaning rather than by offsets or minified names.")
        {
            Old, New, FailOn, ShowInfo, Platform, Quiet,
        };
        Output.AddTo(command);
        Store.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static readonly ResultStoreOptions Store = ResultStoreOptions.Create();

    private static readonly ReportOutputOptions Output = ReportOutputOptions.Create("diff", "json", "markdown");

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (Output.Check(parse, out var format) is { } problem)
        {
            return CliError.Fail(problem);
        }

        var failOnText = parse.GetValue(FailOn)!;
        Severity? failOn = null;
        if (!failOnText.Equals("never", StringComparison.OrdinalIgnoreCase))
        {
            if (!SeverityNames.TryParse(failOnText, out var threshold))
            {
                return CliError.Fail($"unknown severity '{failOnText}' for --fail-on (use info, low, medium, high, critical or never)");
            }

            failOn = threshold;
        }

        ReportDiff diff;
        try
        {
            var platform = parse.GetValue(Platform) is { } platformText ? NpmPlatform.Parse(platformText) : NpmPlatform.Current;
            var (source, store) = TrackingSetup.CreateSource(platform, parse, Store);
            using var opened = store;
            var (old, @new) = (parse.GetValue(Old)!, parse.GetValue(New)!);
            diff = parse.GetValue(Quiet) || Console.IsErrorRedirected
                ? await ReportDiffer.DiffAsync(source, old, @new, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await DiffWithProgressAsync(source, old, @new, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TargetException or StoreException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return CliError.Fail(error.Message);
        }
        catch (OperationCanceledException)
        {
            return CliError.Cancelled();
        }

        var showInfo = parse.GetValue(ShowInfo);
        var written = await Output.WriteAsync(parse, format,
            console => DiffTerminalReport.Render(console, diff, showInfo),
            writer =>
            {
                if (format == "json")
                {
                    new DiffJsonWriter().Write(diff, writer);
                }
                else
                {
                    new DiffMarkdownWriter(showInfo).Write(diff, writer);
                }
            }).ConfigureAwait(false);
        if (written is { } writeProblem)
        {
            return CliError.Fail(writeProblem);
        }

        // A new release whose analysis was cut short cannot be vouched for, whatever it was compared with.
        return failOn is { } level && (diff.HasNewOrWorseAtOrAbove(level) || !diff.New.Complete) ? ExitCodes.FindingsAtThreshold : ExitCodes.Clean;
    }

    /// <summary>One status line for both sides, since they are fetched and scanned at the same time.</summary>
    private static async Task<ReportDiff> DiffWithProgressAsync(IScanSource source, string old, string @new, CancellationToken cancellationToken)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ReportDiff? diff = null;
        await stderr.Status().StartAsync($"Resolving {TerminalText.Markup(old)} and {TerminalText.Markup(@new)}", async status =>
        {
            var gate = new object();
            var states = new string[2];
            Array.Fill(states, "resolving");
            IProgress<ScanProgress> Side(int index) => new Progress<ScanProgress>(p =>
            {
                lock (gate)
                {
                    states[index] = p.Stage switch
                    {
                        "scan" => $"{p.EntriesDone} files, {p.BytesDone / (1024.0 * 1024):F1} MB",
                        "read" => "reading the report",
                        _ => "resolving",
                    };
                    status.Status($"Old: {states[0]} · new: {states[1]}");
                }
            });
            diff = await ReportDiffer.DiffAsync(source, old, @new, Side(0), Side(1), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return diff!;
    }
}
