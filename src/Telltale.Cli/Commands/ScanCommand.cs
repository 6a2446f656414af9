using System.CommandLine;
using Spectre.Console;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Cli.TeamServer;
using Telltale.Dependencies;
using Telltale.Findings;
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

    private static readonly Option<string> FailOn = new("--fail-on")
    {
        Description = "Exit with 1 when a finding is at or above this severity: info, low, medium, high, critical, or never",
        DefaultValueFactory = _ => "high",
    };

    private static readonly Option<bool> ShowInfo = new("--show-info")
    {
        Description = "List info findings in the terminal view instead of only counting them",
    };

    private static readonly Option<bool> ListEmbedded = new("--list-embedded")
    {
        Description = "List every file of the applications embedded in single-file executables (Bun, Node SEA, pkg) in the terminal view; other formats always carry the listing",
    };

    private static readonly Option<bool> Deps = new("--deps")
    {
        Description = "With an npm target, also scan every package npm install would bring with it (dependencies, optional dependencies for the platform, non-optional peers), each under name@version!/",
    };

    private static readonly Option<int> MaxDeps = new("--max-deps")
    {
        Description = "With --deps, the most dependency packages scanned; a larger closure makes the report incomplete",
        DefaultValueFactory = _ => DependencyClosureResolver.DefaultMaxPackages,
    };

    private static readonly Option<bool> RequirePlatform = new("--require-platform")
    {
        Description = "Exit with 2 when a package scanned has platform packages but none for the platform, so its program was not scanned",
    };

    private static readonly ScanSettingsOptions Settings = ScanSettingsOptions.Create(selecting: false);

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress display, and no note when the report comes from the result store",
    };

    private static readonly ResultStoreOptions Store = ResultStoreOptions.Create();

    private static readonly ReportOutputOptions Output = ScanReportOutput.Create();

    private static readonly TeamServerOptions TeamServer = TeamServerOptions.Create("Also upload the report to the team server");

    public static Command Create()
    {
        var command = new Command("scan", "Find what a package or binary hides: decode obfuscated strings, name hidden lists and fingerprinting, and explain covert channels in its JavaScript.")
        {
            Target, FailOn, ShowInfo, ListEmbedded, Deps, MaxDeps, RequirePlatform, Quiet,
        };
        Settings.AddTo(command);
        Output.AddTo(command);
        Store.AddTo(command);
        TeamServer.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
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

        using var server = TeamServer.Open(parse, Environment.GetEnvironmentVariable, out var serverProblem);
        if (serverProblem is not null)
        {
            return CliError.Fail(serverProblem);
        }

        var target = parse.GetValue(Target)!;
        var withDependencies = parse.GetValue(Deps);
        var maxDependencies = parse.GetValue(MaxDeps);
        var requirePlatform = parse.GetValue(RequirePlatform);
        if (withDependencies && !NpmPackageSpec.IsNpmSpec(target))
        {
            return CliError.Fail($"--deps needs an npm target (npm:NAME[@VERSION|@TAG]), not {target}");
        }

        if (maxDependencies < 1)
        {
            return CliError.Fail($"--max-deps must be at least 1, not {maxDependencies}");
        }

        StoredScanResult result;
        DateTimeOffset? targetScannedAt = null;
        try
        {
            var platform = Settings.PlatformOf(parse);
            if (requirePlatform && platform is null)
            {
                return CliError.Fail("--require-platform cannot be used with --platform none, which scans no platform package");
            }

            var (options, rulePacks) = Settings.OptionsOf(parse);
            var (source, store) = TrackingSetup.CreateSource(platform, parse, Store, options, rulePacks);
            using var opened = store;
            Func<IProgress<ScanProgress>?, Task<StoredScanResult>> scan = async progress =>
            {
                var own = source is StoredScanSource stored
                    ? await stored.GetWithOriginAsync(target, progress, cancellationToken).ConfigureAwait(false)
                    : new StoredScanResult(await source.GetAsync(target, progress, cancellationToken).ConfigureAwait(false), FromStore: false);
                targetScannedAt = own.Report.ScannedAt;
                if (!withDependencies)
                {
                    return own;
                }

                // Through the same source, so each dependency's scan is reused from the store and saved to it like the target's.
                var dependencies = new DependencyScanner(source, new DependencyClosureResolver(TrackingSetup.CreateRegistry(), platform, maxDependencies));
                return own with { Report = await dependencies.ScanAsync(own.Report, progress, cancellationToken).ConfigureAwait(false) };
            };
            result = parse.GetValue(Quiet) || Console.IsErrorRedirected
                ? await scan(null).ConfigureAwait(false)
                : await ScanWithProgressAsync(stderr, target, scan).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TargetException or RulePackException or StoreException or IOException or UnauthorizedAccessException)
        {
            return CliError.Fail(error.Message);
        }
        catch (OperationCanceledException)
        {
            return CliError.Cancelled();
        }

        var report = result.Report;
        if (result.FromStore && !parse.GetValue(Quiet))
        {
            var whose = withDependencies ? "the target's report" : "report";
            CliError.Say($"{whose} from the store (scanned {ReportCommand.StoredTime(targetScannedAt ?? report.ScannedAt)}); --no-store scans again");
        }

        if (await ScanReportOutput.WriteAsync(Output, parse, format, report, parse.GetValue(ShowInfo), parse.GetValue(ListEmbedded)).ConfigureAwait(false) is { } writeProblem)
        {
            return CliError.Fail(writeProblem);
        }

        // After the report is out, so a server that is down costs the reader nothing but this line and the exit code.
        if (server is not null)
        {
            try
            {
                var sha256 = await server.UploadScanAsync(report, cancellationToken).ConfigureAwait(false);
                if (!parse.GetValue(Quiet))
                {
                    CliError.Say($"uploaded to {server.Server} as scan {sha256[..Math.Min(12, sha256.Length)]}");
                }
            }
            catch (TeamServerException error)
            {
                return CliError.Fail(error.Message);
            }
            catch (OperationCanceledException)
            {
                return CliError.Cancelled();
            }
        }

        if (requirePlatform && report.PlatformGaps is { Count: > 0 } gaps)
        {
            // The report is out first, so what was and was not scanned can be read.
            var more = gaps.Count - 1;
            CliError.Say($"{gaps[0].Path}: {gaps[0].Reason}{(more == 0 ? "" : $" (and {more} more {(more == 1 ? "package" : "packages")})")}; --require-platform");
            return ExitCodes.PlatformPackageMissing;
        }

        return failOn is { } level && report.FailsAt(level) ? ExitCodes.FindingsAtThreshold : ExitCodes.Clean;
    }

    private static async Task<StoredScanResult> ScanWithProgressAsync(IAnsiConsole console, string target, Func<IProgress<ScanProgress>?, Task<StoredScanResult>> scan)
    {
        StoredScanResult? report = null;
        await console.Status().StartAsync($"Resolving {TerminalText.Markup(target)}", async status =>
        {
            var progress = new Progress<ScanProgress>(p => status.Status(p.Stage switch
            {
                "scan" => $"Scanning [grey]{TerminalText.Markup(Abbreviate(TerminalText.Line(p.Entry)))}[/] ({p.EntriesDone} files, {p.BytesDone / (1024.0 * 1024):F1} MB)",
                "dependencies" => $"Resolving what npm would install with {TerminalText.Markup(p.Entry)}",
                _ => $"Resolving {TerminalText.Markup(p.Entry)}",
            }));
            report = await scan(progress).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return report!;
    }

    private static string Abbreviate(string path) => path.Length <= 60 ? path : "…" + path[^59..];
}
