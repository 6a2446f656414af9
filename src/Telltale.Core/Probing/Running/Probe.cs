using System.Diagnostics;
using Telltale.Probing.Matrix;
using Telltale.Probing.Reports;

namespace Telltale.Probing.Running;

/// <summary>A whole probe: run the matrix, compare the runs against the baseline, report.</summary>
public static class Probe
{
    /// <summary>
    /// Runs the matrix and compares the runs; when a channel is explained equally by factors the matrix only set
    /// together, runs the follow-up variants that separate them (<see cref="AttributionFollowUps"/>) and compares
    /// everything again, so each channel names the factor the tool actually reads where the runs can tell.
    /// </summary>
    public static Task<ProbeReport> RunAsync(
        ProbedProgram program,
        ProbeMatrix matrix,
        ProbeOptions options,
        IProgress<ProbeProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(program, matrix, options, followUps: true, progress, cancellationToken);

    private static async Task<ProbeReport> RunAsync(
        ProbedProgram program,
        ProbeMatrix matrix,
        ProbeOptions options,
        bool followUps,
        IProgress<ProbeProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var outcomes = await ProbeRunner.RunAsync(program, matrix, options, progress, cancellationToken).ConfigureAwait(false);
        var baseline = matrix.Variants.FirstOrDefault(v => v.Environment.Count == 0)?.Name ?? matrix.Variants[0].Name;
        var comparison = ProbeComparison.Compare([.. outcomes.Select(o => o.Run)], baseline);
        IReadOnlyList<ProbeVariant> added = [];
        var cut = false;
        if (followUps)
        {
            added = AttributionFollowUps.For(comparison.Differences, matrix, out cut);
            if (added.Count > 0)
            {
                var more = await ProbeRunner.RunAsync(program, matrix with { Variants = added }, options, progress, cancellationToken).ConfigureAwait(false);
                outcomes = [.. outcomes, .. more];
                matrix = matrix with { Variants = [.. matrix.Variants, .. added] };
                comparison = ProbeComparison.Compare([.. outcomes.Select(o => o.Run)], baseline);
            }
        }

        var isolation = outcomes.Count > 0 ? outcomes[0].Isolation : "own network namespace (loopback only) and mount namespace";
        return new ProbeReport
        {
            Command = program.ToString(),
            Matrix = matrix,
            FollowUpVariants = [.. added.Select(v => v.Name)],
            FollowUpsCut = cut,
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
        var direct = await RunAsync(program, matrix, options with { FrontDoor = null }, followUps: true, progress, cancellationToken).ConfigureAwait(false);

        // The same variants through the front door, the direct pass's follow-ups included, so the two compare variant by variant.
        var through = await RunAsync(program, direct.Matrix, options with { FrontDoor = frontDoor }, followUps: false, progress, cancellationToken).ConfigureAwait(false);
        return new FrontDoorProbeReport { FrontDoor = frontDoor.Description, Direct = direct, Through = through };
    }
}
