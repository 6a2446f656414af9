using System.CommandLine;
using Spectre.Console;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Cli.TeamServer;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tracking.Store;
using Telltale.Tracking.History;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale history npm:NAME</c>: in which version did each behaviour appear, and when did it go?</summary>
internal static class HistoryCommand
{
    private static readonly Argument<string> Target = new("package")
    {
        Description = "npm:NAME, without a version: the versions come from --range",
    };

    private static readonly Option<string> Range = new("--range")
    {
        Description = "npm version range, e.g. \">=2.1.88 <=2.1.93\" or \"^2.1\"; prereleases only where the range names one",
        DefaultValueFactory = _ => "*",
    };

    private static readonly Option<bool> Bisect = new("--bisect")
    {
        Description = "Find where one behaviour starts and stops by scanning O(log n) versions instead of all",
    };

    private static readonly Option<string?> Behaviour = new("--behaviour")
    {
        Description = "With --bisect, what to look for: a rule id (TT2001) or a behaviour key as a timeline prints it; default: any finding at or above --min-severity",
    };

    private static readonly Option<string> MinSeverity = new("--min-severity")
    {
        Description = "Findings below this are not behaviours: info, low, medium, high or critical",
        DefaultValueFactory = _ => "medium",
    };

    private static readonly Option<int> Jobs = new("--jobs", "-j")
    {
        Description = "Versions scanned at once (each needs up to about 1 GB of memory for a large bundle)",
        DefaultValueFactory = _ => HistoryRunner.DefaultParallelism,
    };

    private static readonly Option<string?> Platform = new("--platform")
    {
        Description = "Platform whose packages from optionalDependencies are scanned with each version: OS-CPU[-musl] or none; default: this machine's",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress display",
    };

    private static readonly ResultStoreOptions Store = ResultStoreOptions.Create();

    private static readonly ReportOutputOptions Output = ReportOutputOptions.Create("timeline", "json", "markdown");

    private static readonly TeamServerOptions TeamServer = TeamServerOptions.Create("Also upload the timeline, and every scan it cites that the result store holds, to the team server");

    public static Command Create()
    {
        var command = new Command("history", "Scan the versions of an npm package in a range and show when each behaviour appeared and went, with publish dates.")
        {
            Target, Range, Bisect, Behaviour, MinSeverity, Jobs, Platform, Quiet,
        };
        Output.AddTo(command);
        Store.AddTo(command);
        TeamServer.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!SeverityNames.TryParse(parse.GetValue(MinSeverity), out var minSeverity))
        {
            return CliError.Fail($"unknown severity '{parse.GetValue(MinSeverity)}' for --min-severity (use info, low, medium, high or critical)");
        }

        var jobs = parse.GetValue(Jobs);
        if (jobs < 1)
        {
            return CliError.Fail("--jobs must be at least 1");
        }

        if (parse.GetValue(Behaviour) is not null && !parse.GetValue(Bisect))
        {
            return CliError.Fail("--behaviour goes with --bisect; a timeline shows every behaviour");
        }

        if (Output.Check(parse, out var format) is { } problem)
        {
            return CliError.Fail(problem);
        }

        using var server = TeamServer.Open(parse, Environment.GetEnvironmentVariable, out var serverProblem);
        if (serverProblem is not null)
        {
            return CliError.Fail(serverProblem);
        }

        var range = parse.GetValue(Range)!;
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var showProgress = !parse.GetValue(Quiet) && !Console.IsErrorRedirected;
        VersionTimeline? timeline = null;
        BisectResult? bisection = null;
        string? savedKey = null;
        string? scannedFor = null;
        List<ScanReport> cited = [];
        try
        {
            var name = PackageName(parse.GetValue(Target)!);
            var platform = parse.GetValue(Platform) is { } platformText ? NpmPlatform.Parse(platformText) : NpmPlatform.Current;
            var all = await TrackingSetup.CreateRegistry().GetVersionsAsync(name, cancellationToken).ConfigureAwait(false);
            var versions = NpmRegistryClient.InRange(all, range);
            if (versions.Count == 0)
            {
                return CliError.Fail($"no published version of {name} is in the range \"{range}\" ({all.Count} versions published)");
            }

            var (source, store) = TrackingSetup.CreateSource(platform, parse, Store);
            using var opened = store;
            if (parse.GetValue(Bisect))
            {
                var bisector = new Bisector(source);
                var selector = BehaviourSelector.Parse(parse.GetValue(Behaviour), minSeverity);
                bisection = await WithProgressAsync(stderr, showProgress, $"Bisecting {versions.Count} versions", bisector.MaxScans(versions.Count),
                    progress => bisector.RunAsync(name, versions, selector, progress, cancellationToken)).ConfigureAwait(false);
                bisection = bisection with { Range = range };
            }
            else
            {
                var runner = new HistoryRunner(source, minSeverity, jobs);
                timeline = await WithProgressAsync(stderr, showProgress, $"Scanning {versions.Count} versions", versions.Count,
                    progress => runner.RunAsync(name, versions, progress, cancellationToken)).ConfigureAwait(false);
                timeline = timeline with { Range = range };
            }

            // Kept so a policy can cite it: `policy suggest --from history:ID`, `report show history:ID`.
            scannedFor = platform?.ToString();
            if (store is not null)
            {
                var saved = timeline is not null
                    ? store.SaveTimeline(timeline, scannedFor, Scanner.ToolVersion, DateTimeOffset.UtcNow)
                    : store.SaveTimeline(bisection!, scannedFor, Scanner.ToolVersion, DateTimeOffset.UtcNow);
                savedKey = saved.Key;
                if (server is not null)
                {
                    cited = CitedScans(store, timeline, bisection);
                }
            }
        }
        catch (Exception error) when (error is TargetException or StoreException or IOException or UnauthorizedAccessException)
        {
            return CliError.Fail(error.Message);
        }
        catch (OperationCanceledException)
        {
            // Every finished scan stays with the source; a store-backed source answers them again at once.
            return CliError.Cancelled();
        }

        var written = await Output.WriteAsync(parse, format,
            console => Render(console, timeline, bisection),
            writer => WriteDocument(format, timeline, bisection, writer)).ConfigureAwait(false);
        if (written is { } writeProblem)
        {
            return CliError.Fail(writeProblem);
        }

        if (savedKey is not null && !parse.GetValue(Quiet))
        {
            await Console.Error.WriteLineAsync($"Saved in the result store as {savedKey}: telltale policy suggest --from {savedKey}").ConfigureAwait(false);
        }

        if (server is not null)
        {
            try
            {
                // The scans first: a timeline on the server whose evidence failed to arrive would cite what is not there.
                foreach (var report in cited)
                {
                    await server.UploadScanAsync(report, cancellationToken).ConfigureAwait(false);
                }

                using var json = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                WriteDocument("json", timeline, bisection, json);
                var key = await server.UploadHistoryAsync(json.ToString(), scannedFor, cancellationToken).ConfigureAwait(false);
                if (!parse.GetValue(Quiet))
                {
                    CliError.Say($"uploaded to {server.Server} as {key}, with {cited.Count} {(cited.Count == 1 ? "scan" : "scans")}");
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

        return ExitCodes.Clean;
    }

    /// <summary>The stored report of every version the timeline cites, once each; a scan the store does not hold is left out.</summary>
    private static List<ScanReport> CitedScans(ScanStore store, VersionTimeline? timeline, BisectResult? bisection)
    {
        var scans = timeline is not null
            ? timeline.Versions.Select(v => v.Scan)
            : bisection!.Scans.Select(p => p.Scan);
        return scans
            .OfType<VersionScan>()
            .DistinctBy(s => (s.Sha256, s.Platform))
            .Select(s => store.Find(s.Sha256) is var found && (found.FirstOrDefault(f => f.Platform == s.Platform) ?? (found.Count > 0 ? found[0] : null)) is { } summary ? store.Read(summary) : null)
            .OfType<ScanReport>()
            .ToList();
    }

    /// <exception cref="TargetException">when the argument is not npm:NAME without a version.</exception>
    private static string PackageName(string target)
    {
        var spec = NpmPackageSpec.Parse(target);
        if (spec.Version is not null || target.LastIndexOf('@') > NpmPackageSpec.Prefix.Length)
        {
            throw new TargetException($"history takes npm:{spec.Name} without a version; choose the versions with --range");
        }

        return spec.Name;
    }

    /// <summary>A bar on standard error counting finished versions, with the ones in flight as its label.</summary>
    private static async Task<T> WithProgressAsync<T>(IAnsiConsole console, bool show, string title, int total, Func<IProgress<HistoryProgress>?, Task<T>> run)
    {
        if (!show)
        {
            return await run(null).ConfigureAwait(false);
        }

        T result = default!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(TerminalText.Markup(title), maxValue: Math.Max(1, total));
                var inFlight = new List<string>();
                var progress = new InlineProgress<HistoryProgress>(p =>
                {
                    if (p.Step == HistoryStep.Started)
                    {
                        inFlight.Add(p.Version);
                    }
                    else
                    {
                        inFlight.Remove(p.Version);
                    }

                    task.Value = p.Done;
                    var scanning = inFlight.Count == 0 ? "" : $" [grey]{TerminalText.Join(", ", inFlight)}[/]";
                    task.Description = $"{TerminalText.Markup(title)} ({p.Done}/{p.Total}){scanning}";
                });
                result = await run(progress).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>A timeline or a bisection (exactly one is set) as JSON or Markdown; also for <c>report show history:ID</c>.</summary>
    internal static void WriteDocument(string format, VersionTimeline? timeline, BisectResult? bisection, TextWriter writer)
    {
        switch (format)
        {
            case "json" when timeline is not null:
                TimelineJsonWriter.Write(timeline, writer);
                break;
            case "json":
                TimelineJsonWriter.Write(bisection!, writer);
                break;
            case "markdown" when timeline is not null:
                TimelineMarkdownWriter.Write(timeline, writer);
                break;
            default:
                TimelineMarkdownWriter.Write(bisection!, writer);
                break;
        }
    }

    internal static void Render(IAnsiConsole console, VersionTimeline? timeline, BisectResult? bisection)
    {
        if (timeline is not null)
        {
            TimelineTerminalView.Render(console, timeline);
        }
        else
        {
            TimelineTerminalView.Render(console, bisection!);
        }
    }
}
