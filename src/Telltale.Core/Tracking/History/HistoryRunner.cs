using Telltale.Artifacts;
using Telltale.Findings;

namespace Telltale.Tracking.History;

/// <summary>
/// Scans every version of a range and builds its <see cref="VersionTimeline"/>. Scans run a few at a time
/// (each one holds a large bundle and its syntax tree, so more parallelism than cores only costs memory);
/// results are placed in version order whatever order they finish in. Persisting finished scans is the
/// <see cref="IScanSource"/>'s job, so an interrupted run repeats none of them when the source is the store.
/// </summary>
public sealed class HistoryRunner
{
    /// <summary>Two scans at once: one scan already keeps a core busy, and two fit in memory on a small machine.</summary>
    public const int DefaultParallelism = 2;

    private readonly IScanSource _source;

    public HistoryRunner(IScanSource source, Severity minSeverity = Severity.Medium, int parallelism = DefaultParallelism)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _source = source;
        MinSeverity = minSeverity;
        Parallelism = parallelism;
    }

    /// <summary>Findings below it are not behaviours in the timeline.</summary>
    public Severity MinSeverity { get; }

    /// <summary>How many versions are scanned at once.</summary>
    public int Parallelism { get; }

    /// <summary>
    /// Scans <paramref name="versions"/> (lowest first) of <paramref name="packageName"/>, versions in order of
    /// their start. A version that cannot be had is recorded as failed and the run goes on.
    /// </summary>
    /// <exception cref="OperationCanceledException">when cancelled: no new scan starts and those in flight are cancelled.</exception>
    public async Task<VersionTimeline> RunAsync(string packageName, IReadOnlyList<NpmVersionInfo> versions, IProgress<HistoryProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageName);
        ArgumentNullException.ThrowIfNull(versions);
        var results = new VersionFindings[versions.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, versions.Count), options, async (index, token) =>
        {
            var version = versions[index];
            progress?.Report(new HistoryProgress(Volatile.Read(ref done), versions.Count, version.Version, HistoryStep.Started));
            var result = await ScanAsync(_source, packageName, version, MinSeverity, token).ConfigureAwait(false);
            results[index] = result;
            var finished = Interlocked.Increment(ref done);
            progress?.Report(new HistoryProgress(finished, versions.Count, version.Version, result.Error is null ? HistoryStep.Scanned : HistoryStep.Failed, result.Error));
        }).ConfigureAwait(false);
        return VersionTimeline.Build(packageName, MinSeverity, results);
    }

    /// <summary>The target string a source is asked for: <c>npm:NAME@VERSION</c>.</summary>
    public static string Target(string packageName, string version) => $"{NpmPackageSpec.Prefix}{packageName}@{version}";

    internal static async Task<VersionFindings> ScanAsync(IScanSource source, string packageName, NpmVersionInfo version, Severity minSeverity, CancellationToken cancellationToken)
    {
        try
        {
            var report = await source.GetAsync(Target(packageName, version.Version), null, cancellationToken).ConfigureAwait(false);
            return VersionFindings.From(version, report, minSeverity);
        }
        catch (Exception error) when (error is TargetException or IOException or InvalidDataException)
        {
            return VersionFindings.Failed(version, EntryNames.OneLine(error.Message));
        }
    }
}
