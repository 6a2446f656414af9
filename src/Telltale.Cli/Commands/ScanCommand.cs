using System.CommandLine;
using Spectre.Console;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Rules;
using Telltale.Scanning;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale scan TARGET</c>: what does this package or file hide?</summary>
internal static class ScanCommand
{
    private static readonly Argument<string> Target = new("target")
    {
        Description = "A .tgz, .zip/.vsix/.jar/.whl, a directory, a single file, or npm:NAME[@VERSION]",
    };

    private static readonly Option<string> Format = new("--format", "-f")
    {
        Description = "Output format: terminal, json, sarif or markdown",
        DefaultValueFactory = _ => "terminal",
    };

    private static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output",
    };

    private static readonly Option<string> FailOn = new("--fail-on")
    {
        Description = "Exit with 1 when a finding is at or above this severity: info, low, medium, high, critical, or never",
        DefaultValueFactory = _ => "high",
    };

    private static readonly Option<string[]> RuleFiles = new("--rules")
    {
        Description = "Extra YAML rule packs, added to the embedded defaults (repeatable)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<bool> ShowInfo = new("--show-info")
    {
        Description = "List info findings in the terminal view instead of only counting them",
    };

    private static readonly Option<bool> ListEmbedded = new("--list-embedded")
    {
        Description = "List every file of the applications embedded in single-file executables (Bun, Node SEA, pkg) in the terminal view; other formats always carry the listing",
    };

    private static readonly Option<bool> NoBehaviour = new("--no-behaviour")
    {
        Description = "Skip the JavaScript behaviour analysis (covert channels, TT2001); literals are still decoded",
    };

    private static readonly Option<string?> Platform = new("--platform")
    {
        Description = "Platform whose packages from optionalDependencies are scanned with an npm target: OS-CPU[-musl] "
            + "(linux-x64, linux-x64-musl, darwin-arm64, win32-x64, …) or none; default: this machine's",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress display, and no note when the report comes from the result store",
    };

    private static readonly ResultStoreOptions Store = ResultStoreOptions.Create();

    public static Command Create()
    {
        var command = new Command("scan", "Find what a package or binary hides: decode obfuscated strings, name hidden lists and fingerprinting, and explain covert channels in its JavaScript.")
        {
            Target, Format, Output, FailOn, RuleFiles, ShowInfo, ListEmbedded, NoBehaviour, Platform, Quiet,
        };
        Store.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var format = parse.GetValue(Format)!.ToLowerInvariant();
        var writer = format == "terminal" ? null : ReportWriters.Find(format);
        if (format != "terminal" && writer is null)
        {
            return Fail($"unknown format '{format}' (use terminal, json, sarif or markdown)");
        }

        var failOnText = parse.GetValue(FailOn)!;
        Severity? failOn = null;
        if (!failOnText.Equals("never", StringComparison.OrdinalIgnoreCase))
        {
            if (!SeverityNames.TryParse(failOnText, out var threshold))
            {
                return Fail($"unknown severity '{failOnText}' for --fail-on (use info, low, medium, high, critical or never)");
            }

            failOn = threshold;
        }

        StoredScanResult result;
        try
        {
            var platform = parse.GetValue(Platform) is { } platformText ? NpmPlatform.Parse(platformText) : NpmPlatform.Current;
            var rules = RulePackLoader.Load(parse.GetValue(RuleFiles) ?? []);
            var options = new ScanOptions { Rules = rules, AnalyzeBehaviour = !parse.GetValue(NoBehaviour) };
            var target = parse.GetValue(Target)!;
            var (source, store) = TrackingSetup.CreateSource(platform, parse, Store, options);
            using var opened = store;
            Func<IProgress<ScanProgress>?, Task<StoredScanResult>> scan = source is StoredScanSource stored
                ? progress => stored.GetWithOriginAsync(target, progress, cancellationToken)
                : async progress => new StoredScanResult(await source.GetAsync(target, progress, cancellationToken).ConfigureAwait(false), FromStore: false);
            result = parse.GetValue(Quiet) || Console.IsErrorRedirected
                ? await scan(null).ConfigureAwait(false)
                : await ScanWithProgressAsync(stderr, target, scan).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TargetException or RulePackException or StoreException or IOException or UnauthorizedAccessException)
        {
            return Fail(error.Message);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("telltale: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }

        var report = result.Report;
        if (result.FromStore && !parse.GetValue(Quiet))
        {
            await Console.Error.WriteLineAsync($"telltale: report from the store (scanned {ReportCommand.StoredTime(report.ScannedAt)}); --no-store scans again").ConfigureAwait(false);
        }

        try
        {
            await WriteReportAsync(report, writer, parse.GetValue(Output), parse.GetValue(ShowInfo), parse.GetValue(ListEmbedded)).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot write {parse.GetValue(Output)}: {error.Message}");
        }

        return failOn is { } level && report.Findings.Any(f => f.Severity >= level) ? ExitCodes.FindingsAtThreshold : ExitCodes.Clean;
    }

    private static async Task<StoredScanResult> ScanWithProgressAsync(IAnsiConsole console, string target, Func<IProgress<ScanProgress>?, Task<StoredScanResult>> scan)
    {
        StoredScanResult? report = null;
        await console.Status().StartAsync($"Resolving {Markup.Escape(target)}", async status =>
        {
            var progress = new Progress<ScanProgress>(p => status.Status(p.Stage == "scan"
                ? $"Scanning [grey]{Markup.Escape(Abbreviate(p.Entry ?? ""))}[/] ({p.EntriesDone} files, {p.BytesDone / (1024.0 * 1024):F1} MB)"
                : $"Resolving {Markup.Escape(p.Entry ?? "")}"));
            report = await scan(progress).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return report!;
    }

    /// <summary>Renders a report as the scan does; <c>report show</c> uses it for stored reports.</summary>
    internal static async Task WriteReportAsync(ScanReport report, IReportWriter? writer, string? outputPath, bool showInfo, bool listEmbedded)
    {
        if (writer is null && outputPath is null)
        {
            TerminalReport.Render(AnsiConsole.Console, report, showInfo, listEmbedded);
            return;
        }

        var file = outputPath is null ? null : new StreamWriter(outputPath, append: false, new System.Text.UTF8Encoding(false));
        await using var disposeFile = file;
        var output = file ?? Console.Out;
        if (writer is null)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
            TerminalReport.Render(console, report, showInfo, listEmbedded);
        }
        else
        {
            writer.Write(report, output);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    private static string Abbreviate(string path) => path.Length <= 60 ? path : "…" + path[^59..];

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"telltale: {message}");
        return ExitCodes.UsageOrInput;
    }
}
