using Telltale.Artifacts;

namespace Telltale.Scanning;

/// <summary>
/// Hands out entries with the scripts moved ahead of the others within a window of bytes read ahead, so that the
/// longest piece of a scan (a bundle's behaviour analysis) is started first. Each entry keeps the position it was
/// given in the archive's order before it gets here, which is all a report is ordered by.
/// </summary>
internal static class ScriptsFirst
{
    public static IEnumerable<T> Order<T>(IEnumerable<T> items, Func<T, ArtifactEntry> entryOf, long lookAheadBytes)
    {
        var scripts = new Queue<T>();
        var others = new Queue<T>();
        long othersBytes = 0;
        using var source = items.GetEnumerator();
        var more = true;
        while (true)
        {
            while (scripts.Count == 0 && more && (others.Count == 0 || othersBytes < lookAheadBytes))
            {
                if (!source.MoveNext())
                {
                    more = false;
                    break;
                }

                var item = source.Current;
                if (entryOf(item).Kind == EntryKind.JavaScript)
                {
                    scripts.Enqueue(item);
                }
                else
                {
                    others.Enqueue(item);
                    othersBytes += entryOf(item).Content.Length;
                }
            }

            if (scripts.Count > 0)
            {
                yield return scripts.Dequeue();
            }
            else if (others.Count > 0)
            {
                var item = others.Dequeue();
                othersBytes -= entryOf(item).Content.Length;
                yield return item;
            }
            else
            {
                yield break;
            }
        }
    }
}
