namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// Maps offsets in a rewritten text back to the text it was rewritten from: unchanged stretches map one to one,
/// and anything inside a replacement maps to the start of what it replaced, so a finding in normalised code points
/// at the expression of the original file that produced it.
/// </summary>
internal sealed class SourceOffsetMap
{
    private readonly List<Segment> _segments;

    public SourceOffsetMap(List<Segment> segments)
    {
        _segments = segments;
    }

    /// <summary>The offset in the original text of <paramref name="offset"/> in the rewritten one.</summary>
    public int ToOriginal(int offset)
    {
        int low = 0, high = _segments.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (_segments[middle].Start <= offset)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var segment = _segments[low];
        if (segment.Replaced)
        {
            // The end of a replacement maps to the end of what it replaced, so a span stays a span.
            return offset >= segment.Start + segment.Length && segment.Length > 0 ? segment.OriginalStart + segment.OriginalLength : segment.OriginalStart;
        }

        return segment.OriginalStart + Math.Min(offset - segment.Start, segment.Length);
    }

    /// <param name="Start">Where the segment begins in the rewritten text.</param>
    /// <param name="OriginalStart">Where what it came from begins in the original text.</param>
    /// <param name="Length">Its length in the rewritten text.</param>
    /// <param name="Replaced">True for replacement text, false for text copied unchanged.</param>
    internal sealed record Segment(int Start, int OriginalStart, int Length, bool Replaced)
    {
        public int OriginalLength { get; init; } = Length;
    }
}
