using System.CommandLine;
using Spectre.Console;
using Telltale.Cli.Rendering;
using Telltale.Gateway;
using Telltale.Policy;
using Telltale.Probing;
using Telltale.Probing.Matrix;
using Telltale.Probing.Reports;
using Telltale.Probing.Running;
using Telltale.Reports;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale probe [options] -- COMMAND ARGS…</c>: run a tool under an environment matrix, show what changes.</summary>
internal static class ProbeCommand
{
    private static readonly Argument<string[]> Program = new("command")
    {
        Description = "The tool to run and its arguments, after --, e.g. -- node cli.js -p \"say hi\"",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> Matrix = new("--matrix", "-m")
    {
        Description = "YAML matrix of variants (see docs/probe.md); default: what a scan of the command's script, package or executable calls for, then time zone, locale, base-URL hosts, proxy variables",
    };

    private static readonly Option<bool> NoScan = new("--no-scan")
    {
        Description = "Do not scan what the command runs to choose the variants: the defaults only",
    };

    private static readonly ResultStoreOptions Store = ResultStoreOptions.Create();

    private static readonly Option<string?> FromScan = new("--from-scan")
    {
        Description = "Build the matrix from a scan report (JSON): hosts on its decoded domains and keywords, its time zones",
    };

    private static readonly Option<int?> Repeats = new("--repeats")
    {
        Description = "Runs per variant (at least 2: differences between repeats are noise)",
    };

    private static readonly Option<int> Timeout = new("--timeout")
    {
        Description = "Seconds a run may take before it is killed",
        DefaultValueFactory = _ => 120,
    };

    private static readonly Option<string?> WorkingDirectory = new("--cwd")
    {
        Description = "Directory the runs start in (default: a fresh empty one)",
    };

    private static readonly Option<string?> Gateway = new("--gateway")
    {
        Description = "Run the matrix twice, directly and through telltale gateway in this mode (observe, normalise, block), and show which channels still reach the upstream",
    };

    private static readonly Option<string?> GatewayPolicy = new("--policy")
    {
        Description = "With --gateway: the policy the gateway judges clients by (needed for block mode)",
    };

    private static readonly ReportOutputOptions Output = ReportOutputOptions.Create("report", "json", "markdown");

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress display",
    };

    public static Command Create()
    {
        var command = new Command("probe", "Run a tool many times, each under one environment, with its LLM traffic captured locally, and show the exact characters that differ.")
        {
            Program, Matrix, FromScan, Repeats, Timeout, WorkingDirectory, Quiet, Gateway, GatewayPolicy,
        };
        Output.AddTo(command);
        command.Add(NoScan);
        Store.AddTo(command);
        command.Add(ProbeEvidenceOption.Evidence);
        command.Add(ProbeReplayCommand.Create());
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var tokens = parse.GetValue(Program) ?? [];
        if (tokens.Length == 0)
        {
            return CliError.Fail("name the tool to run after --, e.g. telltale probe -- node cli.js -p \"say hi\"");
        }

        if (Output.Check(parse, out var format) is { } problem)
        {
            return CliError.Fail(problem);
        }

        ProbeMatrix? given;
        try
        {
            given = LoadMatrix(parse);
        }
        catch (Exception error) when (error is ProbeException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return CliError.Fail(error.Message);
        }

        if (parse.GetValue(Repeats) is < 2)
        {
            return CliError.Fail("--repeats must be at least 2: one run per variant cannot tell noise from a channel");
        }

        if (FrontDoorOf(parse, out var failure) is var frontDoor && failure is { } frontDoorFailure)
        {
            return frontDoorFailure;
        }

        using var ownedFrontDoor = frontDoor;
        if (ProbeEvidenceOption.Check(parse, frontDoor is not null) is { } evidenceRefused)
        {
            return CliError.Fail(evidenceRefused);
        }

        var options = new ProbeOptions
        {
            RunTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(Timeout))),
            WorkingDirectory = parse.GetValue(WorkingDirectory) is { } cwd ? Path.GetFullPath(cwd) : null,
        };
        var program = new ProbedProgram(tokens[0], tokens[1..]).WithAbsolutePaths(Environment.CurrentDirectory);
        var quiet = parse.GetValue(Quiet) || Console.IsErrorRedirected;
        ProbeMatrix matrix;
        try
        {
            // After every option is checked: the scan can take a while, and a usage error should not wait for it.
            matrix = given ?? await ProbeScanMatrix.DeriveAsync(program, parse, Store, showProgress: !quiet, quiet: parse.GetValue(Quiet), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return CliError.Cancelled();
        }

        if (parse.GetValue(Repeats) is { } repeats)
        {
            matrix = matrix with { Repeats = repeats };
        }

        try
        {
            var evidence = ProbeEvidenceOption.Prepare(parse, program, options, matrix);
            if (frontDoor is null)
            {
                var report = await WithProgressAsync(quiet, progress => Probe.RunAsync(program, matrix, options, progress, cancellationToken)).ConfigureAwait(false);
                if (ProbeEvidenceOption.Write(evidence, report) is { } evidenceProblem)
                {
                    return CliError.Fail(evidenceProblem);
                }

                return await WriteAsync(parse, format,
                    console => ProbeTerminalReport.Render(console, report),
                    () => format == "json" ? ProbeJsonWriter.Write(report) : ProbeMarkdownWriter.Write(report),
                    report.HasEnvironmentDependentDifferences).ConfigureAwait(false);
            }

            var both = await WithProgressAsync(quiet, progress => Probe.RunThroughFrontDoorAsync(program, matrix, options, frontDoor, progress, cancellationToken)).ConfigureAwait(false);
            return await WriteAsync(parse, format,
                console => ProbeTerminalReport.Render(console, both),
                () => format == "json" ? ProbeJsonWriter.Write(both) : ProbeMarkdownWriter.Write(both),
                both.HasChannelsAtUpstream).ConfigureAwait(false);
        }
        catch (ProbeException error)
        {
            return CliError.Fail(error.Message);
        }
        catch (OperationCanceledException)
        {
            return CliError.Cancelled();
        }
    }

    /// <summary>The gateway to put in front of the capture endpoint (<c>--gateway MODE [--policy FILE]</c>), or null without one.</summary>
    private static GatewayFrontDoor? FrontDoorOf(ParseResult parse, out int? failure)
    {
        failure = null;
        var policyFile = parse.GetValue(GatewayPolicy);
        if (parse.GetValue(Gateway) is not { } modeText)
        {
            failure = policyFile is null ? null : CliError.Fail("--policy is the gateway's: give it with --gateway MODE");
            return null;
        }

        if (GatewayModes.TryParse(modeText) is not { } mode)
        {
            failure = CliError.Fail($"--gateway '{modeText}' is not one of observe, normalise, block");
            return null;
        }

        PolicyDocument? policy = null;
        if (policyFile is not null)
        {
            policy = PolicyCommand.Load(policyFile, out var loadFailure);
            if (policy is null)
            {
                failure = loadFailure;
                return null;
            }
        }

        if (mode == GatewayMode.Block && policy is null)
        {
            failure = CliError.Fail("--gateway block needs --policy FILE");
            return null;
        }

        return new GatewayFrontDoor(mode, policy);
    }

    private static async Task<int> WriteAsync(ParseResult parse, string format, Action<IAnsiConsole> terminal, Func<string> text, bool channels)
    {
        var written = await Output.WriteAsync(parse, format, terminal, writer => writer.Write(text())).ConfigureAwait(false);
        if (written is { } writeProblem)
        {
            return CliError.Fail(writeProblem);
        }

        return channels ? ExitCodes.FindingsAtThreshold : ExitCodes.Clean;
    }

    /// <summary>The matrix given (<c>--matrix</c>, <c>--from-scan</c>, the defaults with <c>--no-scan</c>), or null to scan for one.</summary>
    private static ProbeMatrix? LoadMatrix(ParseResult parse)
    {
        if (parse.GetValue(Matrix) is { } path)
        {
            return ProbeMatrixLoader.Load(path);
        }

        if (parse.GetValue(FromScan) is { } reportPath)
        {
            using var stream = File.OpenRead(reportPath);
            var report = JsonReportReader.Read(stream);
            var scanned = report.Target.Version is null ? report.Target.Name : $"{report.Target.Name}@{report.Target.Version}";
            return ProbeMatrix.FromScan(report, new ProbeMatrixSource(ProbeMatrixOrigin.ScanReport, $"scan report {reportPath} of {scanned}") { Sha256 = report.Target.Sha256 });
        }

        return parse.GetValue(NoScan) ? ProbeMatrix.Default with { Source = ProbeMatrixSource.FallBack("--no-scan") } : null;
    }

    private static async Task<T> WithProgressAsync<T>(bool quiet, Func<IProgress<ProbeProgress>?, Task<T>> run)
    {
        if (quiet)
        {
            return await run(null).ConfigureAwait(false);
        }

        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        await stderr.Status().StartAsync("Starting the isolated network", async status =>
        {
            var progress = new Progress<ProbeProgress>(p => status.Status($"Run {p.Index}/{p.Total}: [grey]{TerminalText.Markup(p.Variant)}[/] (repeat {p.Repeat})"));
            result = await run(progress).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result;
    }
}
