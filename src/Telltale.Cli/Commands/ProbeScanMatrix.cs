using System.CommandLine;
using Spectre.Console;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Findings;
using Telltale.Probing.Matrix;
using Telltale.Probing.Running;
using Telltale.Scanning;
using Telltale.Tracking.Store;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>probe</c>'s matrix when none is given: what the command runs is scanned through the result store (a stored scan
/// of the same content is reused, a new one saved, as <c>scan</c> does) and the variants come from what it found. A
/// command whose target cannot be told, or whose scan fails, is probed with the defaults, said in one line: the scan
/// only chooses the variants, so it never stops the probe.
/// </summary>
internal static class ProbeScanMatrix
{
    public static async Task<ProbeMatrix> DeriveAsync(ProbedProgram program, ParseResult parse, ResultStoreOptions store, bool showProgress, bool quiet, CancellationToken cancellationToken)
    {
        var identified = ProbeScanTargetFinder.Identify(program, Environment.GetEnvironmentVariable("PATH"), Environment.CurrentDirectory);
        if (identified.Target is not { } target)
        {
            return FallBack($"nothing to scan: {identified.Description}");
        }

        StoredScanResult result;
        try
        {
            var (source, opened) = TrackingSetup.CreateSource(NpmPlatform.Current, parse, store);
            using var owned = opened;
            Func<IProgress<ScanProgress>?, Task<StoredScanResult>> scan = async progress => source is StoredScanSource stored
                ? await stored.GetWithOriginAsync(target, progress, cancellationToken).ConfigureAwait(false)
                : new StoredScanResult(await source.GetAsync(target, progress, cancellationToken).ConfigureAwait(false), FromStore: false);
            result = showProgress ? await ScanWithProgressAsync(target, scan).ConfigureAwait(false) : await scan(null).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Whatever went wrong (registry, store, an unreadable file), the probe still runs, on the defaults.
            return FallBack($"the scan of {identified.Description} failed: {error.Message.ReplaceLineEndings(" ")}");
        }

        var matrix = ProbeMatrix.FromScan(result.Report, new ProbeMatrixSource(ProbeMatrixOrigin.Scan, $"scan of {identified.Description}{Incomplete(result.Report)}")
        {
            Sha256 = result.Report.Target.Sha256,
            FromStore = result.FromStore,
        });
        if (!quiet)
        {
            CliError.Say($"matrix: {matrix.Source.Summary()}");
        }

        return matrix;
    }

    private static string Incomplete(ScanReport report) => report.Complete ? "" : ", incomplete";

    private static ProbeMatrix FallBack(string reason)
    {
        var matrix = ProbeMatrix.Default with { Source = ProbeMatrixSource.FallBack(reason) };
        CliError.Say($"matrix: {matrix.Source.Summary()}");
        return matrix;
    }

    private static async Task<StoredScanResult> ScanWithProgressAsync(string target, Func<IProgress<ScanProgress>?, Task<StoredScanResult>> scan)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        StoredScanResult? result = null;
        await stderr.Status().StartAsync($"Scanning {TerminalText.Markup(target)} to choose the variants", async status =>
        {
            var progress = new Progress<ScanProgress>(p => status.Status($"Scanning [grey]{TerminalText.Markup(TerminalText.Line(p.Entry))}[/] to choose the variants ({p.EntriesDone} files)"));
            result = await scan(progress).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result!;
    }
}
