namespace Telltale.Tracking.Diffing;

/// <summary>
/// Pairs two lists of same-key things (findings, hidden lists) across versions: exact equals first in
/// order, since copies of one finding are the common case and cost nothing to match; then the rest
/// greedily by similarity, so two same-kind lists pair with the one they share the most entries with.
/// With <c>requireOverlap</c> things with nothing in common stay unpaired.
/// </summary>
internal static class Pairing
{
    public static (List<(int Old, int New)> Pairs, List<int> OldLeft, List<int> NewLeft) Match<T>(
        IReadOnlyList<T> old, IReadOnlyList<T> @new, Func<T, string> signature, Func<T, T, double> similarity, bool requireOverlap = false)
    {
        var pairs = new List<(int Old, int New)>();
        var oldTaken = new bool[old.Count];
        var newTaken = new bool[@new.Count];

        var waiting = new Dictionary<string, Queue<int>>(StringComparer.Ordinal);
        for (var i = 0; i < old.Count; i++)
        {
            var key = signature(old[i]);
            if (!waiting.TryGetValue(key, out var queue))
            {
                waiting[key] = queue = new Queue<int>();
            }

            queue.Enqueue(i);
        }

        for (var j = 0; j < @new.Count; j++)
        {
            if (waiting.TryGetValue(signature(@new[j]), out var queue) && queue.Count > 0)
            {
                var i = queue.Dequeue();
                oldTaken[i] = newTaken[j] = true;
                pairs.Add((i, j));
            }
        }

        var oldRest = Enumerable.Range(0, old.Count).Where(i => !oldTaken[i]).ToList();
        var newRest = Enumerable.Range(0, @new.Count).Where(j => !newTaken[j]).ToList();
        if (oldRest.Count > 0 && newRest.Count > 0)
        {
            // Ties go to the pair closest in listing order, so equal candidates pair first with first.
            var oldRank = oldRest.Select((index, rank) => (index, rank)).ToDictionary(x => x.index, x => x.rank);
            var newRank = newRest.Select((index, rank) => (index, rank)).ToDictionary(x => x.index, x => x.rank);
            var candidates = oldRest
                .SelectMany(i => newRest.Select(j => (Old: i, New: j, Similarity: similarity(old[i], @new[j]))))
                .OrderByDescending(c => c.Similarity)
                .ThenBy(c => Math.Abs(oldRank[c.Old] - newRank[c.New]))
                .ThenBy(c => c.Old)
                .ThenBy(c => c.New);
            foreach (var (i, j, score) in candidates)
            {
                if (requireOverlap && score <= 0)
                {
                    break;
                }

                if (!oldTaken[i] && !newTaken[j])
                {
                    oldTaken[i] = newTaken[j] = true;
                    pairs.Add((i, j));
                }
            }
        }

        return (pairs,
            Enumerable.Range(0, old.Count).Where(i => !oldTaken[i]).ToList(),
            Enumerable.Range(0, @new.Count).Where(j => !newTaken[j]).ToList());
    }

    /// <summary>Jaccard index of two sets; 1 when both are empty.</summary>
    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }

        var shared = b.Count(a.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }
}
