using System.Text;

namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// The replacements one normalisation round makes in a text. Edits may not overlap: the first one proposed for a
/// span wins, so passes that run earlier take precedence and a nested edit waits for the next round, when the text
/// around it has been rewritten and parsed again.
/// </summary>
internal sealed class SourceEdits
{
    private readonly List<(int Start, int End, string Text)> _edits = [];
    private readonly SortedList<int, int> _taken = [];

    public int Count => _edits.Count;

    /// <summary>Replaces [start, end) with <paramref name="text"/> unless that span touches one already edited.</summary>
    public bool TryAdd(int start, int end, string text)
    {
        if (start < 0 || end < start || Overlaps(start, end))
        {
            return false;
        }

        _edits.Add((start, end, text));
        _taken.Add(start, end);
        return true;
    }

    /// <summary>Keeps [start, end) as it is this round: code that is about to be run in the sandbox must be run as written.</summary>
    public void Protect(int start, int end)
    {
        if (!Overlaps(start, end))
        {
            _taken.Add(start, end);
        }
    }

    /// <summary>True when [start, end) overlaps an edit already made.</summary>
    public bool Overlaps(int start, int end)
    {
        var keys = _taken.Keys;
        int low = 0, high = keys.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (keys[middle] < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        // The edit starting at or after start, and the one before it, are the only ones that can overlap.
        if (low < keys.Count && keys[low] < Math.Max(end, start + 1))
        {
            return true;
        }

        return low > 0 && _taken.Values[low - 1] > start;
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c is '_' or '$' || c > '\u007f';

    /// <summary>The edited text and the map from its offsets back to those of <paramref name="source"/>.</summary>
    public (string Text, SourceOffsetMap Map) Apply(string source)
    {
        var ordered = _edits.OrderBy(e => e.Start).ToList();
        var builder = new StringBuilder(source.Length);
        var segments = new List<SourceOffsetMap.Segment>(ordered.Count * 2 + 1);
        var copied = 0;
        foreach (var (start, end, text) in ordered)
        {
            if (start > copied)
            {
                segments.Add(new SourceOffsetMap.Segment(builder.Length, copied, start - copied, Replaced: false));
                builder.Append(source, copied, start - copied);
            }

            // A replacement must not run into the words beside it: `case-0x1+0x3:` folded to `3` is `case 3:`, not `case3:`.
            var replacement = text;
            if (replacement.Length > 0 && builder.Length > 0 && IsWordCharacter(builder[^1]) && IsWordCharacter(replacement[0]))
            {
                replacement = " " + replacement;
            }

            if (replacement.Length > 0 && end < source.Length && IsWordCharacter(replacement[^1]) && IsWordCharacter(source[end]))
            {
                replacement += " ";
            }

            segments.Add(new SourceOffsetMap.Segment(builder.Length, start, replacement.Length, Replaced: true) { OriginalLength = end - start });
            builder.Append(replacement);
            copied = end;
        }

        segments.Add(new SourceOffsetMap.Segment(builder.Length, copied, source.Length - copied, Replaced: false));
        builder.Append(source, copied, source.Length - copied);
        return (builder.ToString(), new SourceOffsetMap(segments));
    }
}
