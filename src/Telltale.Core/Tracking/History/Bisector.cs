using Telltale.Artifacts;

namespace Telltale.Tracking.History;

/// <summary>
/// Finds where one behaviour starts and stops in a long range of versions by binary search, scanning
/// O(log n) of them instead of all. It assumes the behaviour comes once and goes at most once; one that
/// comes and goes several times gets one of its boundaries of each kind (<see cref="HistoryRunner"/> shows
/// them all).
/// <list type="bullet">
/// <item>Absent at the start, present at the end: one search for the introduction; at most ⌈log2 n⌉ + 2 scans.</item>
/// <item>Present at the start, absent at the end: one search for the removal, the same bound.</item>
/// <item>Present at both ends: nothing to search; said in the notes.</item>
/// <item>Present at neither end (the usual case for a check that was added and later dropped): the midpoints
/// are probed breadth-first (1/2, then 1/4 and 3/4, then the eighths…) up to <see cref="MidpointProbes"/>
/// versions, deterministically; once one has it, two searches find both boundaries. A behaviour present in
/// less than about 1/16 of the range can be missed; the notes then say to narrow the range.</item>
/// </list>
/// A version that cannot be scanned is stepped over (its neighbours are tried instead) and named in the notes.
/// </summary>
public sealed class Bisector
{
    /// <summary>Four levels of midpoints (1 + 2 + 4 + 8).</summary>
    public const int DefaultMidpointProbes = 15;

    private readonly IScanSource _source;

    public Bisector(IScanSource source, int midpointProbes = DefaultMidpointProbes)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(midpointProbes);
        _source = source;
        MidpointProbes = midpointProbes;
    }

    /// <summary>The most versions probed to find the behaviour when neither end has it.</summary>
    public int MidpointProbes { get; }

    /// <summary>The most scans a bisection of <paramref name="count"/> versions needs when every scan succeeds: for a progress bar.</summary>
    public int MaxScans(int count) => count <= 2 ? count : 2 + Math.Min(MidpointProbes, count - 2) + (2 * CeilingLog2(count - 1));

    /// <param name="packageName">The npm package.</param>
    /// <param name="versions">The range, lowest first; at least one version.</param>
    /// <param name="selector">What counts as the behaviour.</param>
    /// <param name="progress">One report per scan started and finished; <c>Total</c> is <see cref="MaxScans"/>.</param>
    /// <param name="cancellationToken">Stops the search; scans already finished stay with the source.</param>
    public Task<BisectResult> RunAsync(string packageName, IReadOnlyList<NpmVersionInfo> versions, BehaviourSelector selector, IProgress<HistoryProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageName);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(selector);
        if (versions.Count == 0)
        {
            throw new ArgumentException("a bisection needs at least one version", nameof(versions));
        }

        return new Search(this, packageName, versions, selector, progress, cancellationToken).RunAsync();
    }

    internal static int CeilingLog2(int value) => value <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(value - 1));

    /// <summary>The state of one bisection: what is known about each scanned index.</summary>
    private sealed class Search(Bisector owner, string packageName, IReadOnlyList<NpmVersionInfo> versions, BehaviourSelector selector, IProgress<HistoryProgress>? progress, CancellationToken cancellationToken)
    {
        private readonly Dictionary<int, BisectProbe> _known = [];
        private readonly List<BisectProbe> _scans = [];
        private readonly List<string> _notes = [];
        private readonly object _lock = new();

        private int Count => versions.Count;

        public async Task<BisectResult> RunAsync()
        {
            int? start;
            int? end;
            if (Count == 1)
            {
                start = end = await FirstScannableAsync([0]).ConfigureAwait(false);
            }
            else
            {
                // The two ends do not depend on each other: scan them together.
                var ends = await Task.WhenAll(ProbeAsync(0), ProbeAsync(Count - 1)).ConfigureAwait(false);

                // They may finish in either order; the record lists them first to last.
                _scans.Sort((a, b) => NpmRegistryClient.CompareVersions(a.Version.Version, b.Version.Version));
                start = ends[0].Present is null ? await FirstScannableAsync(Enumerable.Range(1, Count - 2)).ConfigureAwait(false) : 0;
                end = ends[1].Present is null
                    ? await FirstScannableAsync(Enumerable.Range((start ?? 0) + 1, Math.Max(0, Count - 2 - (start ?? 0))).Reverse()).ConfigureAwait(false) ?? start
                    : Count - 1;
            }

            if (start is not { } lo || end is not { } hi)
            {
                _notes.Add("no version of the range could be scanned");
                return Result(null, null, null, null);
            }

            if (lo != 0 || hi != Count - 1)
            {
                _notes.Add($"the range's own ends could not be scanned; the search ran from {versions[lo]} to {versions[hi]}");
            }

            var atStart = Present(lo);
            var atEnd = Present(hi);
            (int Before, int After)? introduced = null;
            (int Before, int After)? removed = null;
            switch (atStart, atEnd)
            {
                case (false, true):
                    introduced = await BoundaryAsync(lo, hi).ConfigureAwait(false);
                    break;
                case (true, false):
                    removed = await BoundaryAsync(lo, hi).ConfigureAwait(false);
                    break;
                case (true, true):
                    _notes.Add($"present at both ends: introduced at or before {versions[lo]} and still present at {versions[hi]}; "
                        + "a removal and return inside the range is not looked for (history shows it)");
                    break;
                default:
                    var (found, probed) = await ProbeMidpointsAsync(lo, hi).ConfigureAwait(false);
                    var probedText = string.Join(", ", probed.Select(i => versions[i].Version));
                    if (found is { } foundAt)
                    {
                        _notes.Add($"present at neither end: probed midpoints breadth-first ({probedText}) and found it at {versions[foundAt]}");
                        var before = _known.Keys.Where(i => i < foundAt && Present(i) == false).Max();
                        introduced = await BoundaryAsync(before, _known.Keys.Where(i => i > before && Present(i) == true).Min()).ConfigureAwait(false);
                        var after = _known.Keys.Where(i => i > foundAt && Present(i) == false).Min();
                        removed = await BoundaryAsync(_known.Keys.Where(i => i < after && Present(i) == true).Max(), after).ConfigureAwait(false);
                    }
                    else
                    {
                        _notes.Add($"present at neither end nor at the {probed.Count} midpoints probed ({probedText}): "
                            + "it is absent from the range or present in only a short stretch; narrow --range or run history without --bisect");
                    }

                    break;
            }

            foreach (var boundary in new[] { introduced, removed })
            {
                if (boundary is { } b && b.After - b.Before > 1)
                {
                    _notes.Add($"between {versions[b.Before]} and {versions[b.After]} no version could be scanned, so the boundary is somewhere in that bracket");
                }
            }

            var failed = _scans.Where(s => s.Present is null).Select(s => $"{s.Version}: {s.Error}").ToList();
            if (failed.Count > 0)
            {
                _notes.Add($"could not scan {string.Join("; ", failed)}");
            }

            return Result(atStart, atEnd, introduced, removed);
        }

        private BisectResult Result(bool? atStart, bool? atEnd, (int Before, int After)? introduced, (int Before, int After)? removed) => new()
        {
            Package = packageName,
            Behaviour = selector.Description,
            VersionCount = Count,
            First = versions[0],
            Last = versions[^1],
            PresentAtStart = atStart,
            PresentAtEnd = atEnd,
            Introduced = introduced is { } i ? versions[i.After] : null,
            LastWithout = introduced is { } j ? versions[j.Before] : null,
            Removed = removed is { } r ? versions[r.After] : null,
            LastWith = removed is { } s ? versions[s.Before] : null,
            Title = _scans.FirstOrDefault(p => p.Present == true)?.Title,
            Scans = [.. _scans],
            Notes = [.. _notes],
        };

        private bool? Present(int index) => _known[index].Present;

        /// <summary>
        /// Narrows a pair of scanned indices whose presence differs to adjacent ones. A midpoint that cannot be
        /// scanned is replaced by its nearest scannable neighbour inside the pair; when there is none, the pair
        /// is returned as it is, a bracket.
        /// </summary>
        private async Task<(int Before, int After)> BoundaryAsync(int before, int after)
        {
            var stateBefore = Present(before);
            while (after - before > 1)
            {
                var middle = before + ((after - before) / 2);
                if (await FirstScannableAsync(Outward(middle, before + 1, after - 1)).ConfigureAwait(false) is not { } probe)
                {
                    break;
                }

                if (Present(probe) == stateBefore)
                {
                    before = probe;
                }
                else
                {
                    after = probe;
                }
            }

            return (before, after);
        }

        /// <summary>The first midpoint that has the behaviour, if any, and every midpoint probed, in order.</summary>
        private async Task<(int? Found, List<int> Probed)> ProbeMidpointsAsync(int lo, int hi)
        {
            var probed = new List<int>();
            var pending = new Queue<(int Lo, int Hi)>();
            pending.Enqueue((lo, hi));
            while (pending.Count > 0 && probed.Count < owner.MidpointProbes)
            {
                var (a, b) = pending.Dequeue();
                if (b - a < 2)
                {
                    continue;
                }

                var middle = a + ((b - a) / 2);
                probed.Add(middle);
                if ((await ProbeAsync(middle).ConfigureAwait(false)).Present == true)
                {
                    return (middle, probed);
                }

                pending.Enqueue((a, middle));
                pending.Enqueue((middle, b));
            }

            return (null, probed);
        }

        private async Task<int?> FirstScannableAsync(IEnumerable<int> candidates)
        {
            foreach (var index in candidates)
            {
                if ((await ProbeAsync(index).ConfigureAwait(false)).Present is not null)
                {
                    return index;
                }
            }

            return null;
        }

        /// <summary><paramref name="middle"/>, then its neighbours alternately above and below, within [min, max].</summary>
        private static IEnumerable<int> Outward(int middle, int min, int max)
        {
            for (var step = 0; middle + step <= max || middle - step >= min; step++)
            {
                if (middle + step <= max && middle + step >= min)
                {
                    yield return middle + step;
                }

                if (step > 0 && middle - step >= min && middle - step <= max)
                {
                    yield return middle - step;
                }
            }
        }

        private async Task<BisectProbe> ProbeAsync(int index)
        {
            lock (_lock)
            {
                if (_known.TryGetValue(index, out var known))
                {
                    return known;
                }
            }

            var version = versions[index];
            var total = owner.MaxScans(Count);
            progress?.Report(new HistoryProgress(DoneCount(), total, version.Version, HistoryStep.Started));
            BisectProbe probe;
            try
            {
                var report = await owner._source.GetAsync(HistoryRunner.Target(packageName, version.Version), null, cancellationToken).ConfigureAwait(false);
                var match = selector.FirstMatch(report);
                probe = new BisectProbe(version, match is not null, match?.Title) { Scan = VersionScan.From(report) };
            }
            catch (Exception error) when (error is TargetException or IOException or InvalidDataException)
            {
                probe = new BisectProbe(version, null, Error: EntryNames.OneLine(error.Message));
            }

            int done;
            lock (_lock)
            {
                _known[index] = probe;
                _scans.Add(probe);
                done = _scans.Count;
            }

            progress?.Report(new HistoryProgress(done, total, version.Version, probe.Present is null ? HistoryStep.Failed : HistoryStep.Scanned, probe.Error));
            return probe;
        }

        private int DoneCount()
        {
            lock (_lock)
            {
                return _scans.Count;
            }
        }

    }
}
