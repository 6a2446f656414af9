using System.Diagnostics;
using Telltale.Probing.Matrix;
using Telltale.Probing.Reports;

namespace Telltale.Probing.Running;

/// <summary>A whole probe: run the matrix, compare the runs against the baseline, report.</summary>
public static class Probe
{
    public static async Task<ProbeReport> RunAsync(
        ProbedProgram program,
        ProbeMatrix matrix,
        ProbeOptions options,
        IProgress<ProbeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var outcomes = await ProbeRunner.RunAsync(program, matrix, options, progress, cancellationToken).ConfigureAwait(false);
        var baseline = matrix.Variants.FirstOrDefault(v => v.Environment.Count == 0)?.Name ?? matrix.Variants[0].Name;
        var comparison = ProbeComparison.Compare([.. outcomes.Select(o => o.Run)], baseline);
        var isolation = outcomes.Count > 0 ? outcomes[0].Isolation : "own network namespace (loopback only) and mount namespace";
        return new ProbeReport
        {
            Command = program.ToString(),
            Matrix = matrix,
            Runs = outcomes,
            Comparison = comparison,
            Isolation = options.FrontDoor is { } frontDoor
                ? $"{isolation}; {matrix.HostNames().Count} host names resolve to {frontDoor.Description}, which forwards to the capture endpoint; TLS from a CA made for this probe"
                : $"{isolation}; {matrix.HostNames().Count} host names resolve to the capture endpoint; TLS from a CA made for this probe",
            StartedAt = startedAt,
            Elapsed = clock.Elapsed,
            ToolVersion = Scanning.Scanner.ToolVersion,
        };
    }

    /// <summary>
    /// The matrix run twice, the tool talking to the capture endpoint directly and then through <paramref name="frontDoor"/>,
    /// so what the tool sends and what leaves the front door are compared under the same environments.
    /// </summary>
    public static async Task<FrontDoorProbeReport> RunThroughFrontDoorAsync(
        ProbedProgram program,
        ProbeMatrix matrix,
        ProbeOptions options,
        IProbeFrontDoor frontDoor,
        IProgress<ProbeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(frontDoor);
        var direct = await RunAsync(program, matrix, options with { FrontDoor = null }, progress, cancellationToken).ConfigureAwait(false);
        var through = await RunAsync(program, matrix, options with { FrontDoor = frontDoor }, progress, cancellationToken).ConfigureAwait(false);
        return new FrontDoorProbeReport { FrontDoor = frontDoor.Description, Direct = direct, Through = through };
    }
}
