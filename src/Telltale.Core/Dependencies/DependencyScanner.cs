using System.Diagnostics;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tracking;

namespace Telltale.Dependencies;

/// <summary>
/// <c>scan --deps</c>: resolves what npm would install with an npm target (<see cref="DependencyClosureResolver"/>),
/// gets each package's report from the same <see cref="IScanSource"/> the target's came from (so the result store
/// answers what it already holds and saves every new scan), and merges them into the target's report
/// (<see cref="DependencyReportMerger"/>). A package that cannot be had is an incomplete analysis, never a failed run.
/// </summary>
public sealed class DependencyScanner
{
    /// <summary>Packages scanned at once; each scan already uses every core, and a large bundle takes about 1 GB.</summary>
    public const int DefaultParallelism = 2;

    private readonly IScanSource _source;
    private readonly DependencyClosureResolver _resolver;
    private readonly int _parallelism;

    public DependencyScanner(IScanSource source, DependencyClosureResolver resolver, int parallelism = DefaultParallelism)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _source = source;
        _resolver = resolver;
        _parallelism = parallelism;
    }

    /// <summary>The target's report with its dependencies' merged in; progress entries of a dependency read <c>name@version!/…</c>.</summary>
    /// <param name="target">The report of an npm package at an exact version.</param>
    /// <exception cref="TargetException">when <paramref name="target"/> is not an npm package.</exception>
    public async Task<ScanReport> ScanAsync(ScanReport target, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Target.Source != TargetResolver.NpmSource || target.Target.Version is not { } version)
        {
            throw new TargetException($"the dependencies of {EntryNames.Printable(target.Target.Name)} cannot be resolved: it is not an npm package");
        }

        var clock = Stopwatch.StartNew();
        progress?.Report(new ScanProgress("dependencies", $"{target.Target.Name}@{version}", 0, 0));
        var closure = await _resolver.ResolveAsync(target.Target.Name, version, cancellationToken).ConfigureAwait(false);
        var results = new DependencyScanResult[closure.Packages.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };

        // Gathered by position, so the merged report is in the closure's order whichever scan ends first.
        await Parallel.ForEachAsync(Enumerable.Range(0, results.Length), parallel, async (position, token) =>
        {
            var dependency = closure.Packages[position];
            var prefixed = progress is null ? null : new PrefixedProgress(progress, dependency.Key);
            try
            {
                var report = await _source.GetAsync($"{NpmPackageSpec.Prefix}{dependency.Key}", prefixed, token).ConfigureAwait(false);
                results[position] = new DependencyScanResult(dependency, report, null);
            }
            catch (TargetException error)
            {
                // Could not be fetched (gone, an integrity mismatch, the registry down): the install cannot be vouched for.
                results[position] = new DependencyScanResult(dependency, null, new IncompleteAnalysis(
                    dependency.Key, IncompleteAnalysis.DependenciesAnalysis, $"required by {dependency.RequiredBy}, it was not scanned: {error.Message}", Reproducible: false));
            }
        }).ConfigureAwait(false);

        return DependencyReportMerger.Merge(target, closure, results, target.Statistics.Elapsed + clock.Elapsed);
    }

    /// <summary>A dependency's progress, its entries named as the merged report will name them.</summary>
    private sealed class PrefixedProgress(IProgress<ScanProgress> inner, string prefix) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) =>
            inner.Report(value.Stage == "scan" && value.Entry is { } entry ? value with { Entry = $"{prefix}!/{entry}" } : value);
    }
}
