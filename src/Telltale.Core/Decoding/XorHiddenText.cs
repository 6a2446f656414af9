namespace Telltale.Decoding;

/// <summary>
/// Reads <see cref="XorSweep"/> hits in their surroundings. A hidden list or host name is a run of text under its
/// key; six bytes of a DWARF table, a symbol name or a tokenizer's rank column that some key turns into an
/// indicator are not, and the bytes around them say so: under the hit's key they decode to control bytes, or to
/// letters that read worse than the bytes as they are.
/// </summary>
public static class XorHiddenText
{
    /// <summary>Bytes on each side of a hit that decide whether it stands in hidden text.</summary>
    public const int WindowBytes = 32;

    /// <summary>
    /// Text characters, the indicator's included, that the window must hold under the key: a hidden list or a
    /// host name with its domain is longer than the indicator, and six or nine lucky bytes between bytes that do
    /// not decode to text are not evidence of anything.
    /// </summary>
    public const int MinWindowCharacters = 16;

    /// <summary>Mean log2-probability per character (<see cref="TextModel"/>) below which the decoded window is not language.</summary>
    public const double MinScore = -8.5;

    /// <summary>Bits per character by which the decoded window must read better than the raw bytes.</summary>
    public const double Margin = 2.0;

    /// <summary>How far a run is followed beyond its last hit to show the whole hidden text.</summary>
    public const int MaxRunBytes = 4096;

    /// <summary>Decoded bytes of a run that are kept for the report.</summary>
    public const int MaxShownBytes = 4096;

    /// <summary>Share of one column (at stride 2, 4 or 8) that one byte value must hold for the window to be a table of numbers.</summary>
    private const double TableColumnShare = 0.75;

    /// <summary>
    /// The hidden runs around <paramref name="hits"/> (offsets into <paramref name="data"/>, ordered by offset). A
    /// hit of the same key inside a run already found joins it, and the run grows on past it: a list with many
    /// indicators, or the same hidden text repeated end to end, is one run.
    /// </summary>
    /// <param name="data">The bytes that were swept.</param>
    /// <param name="hits">The sweep's hits over <paramref name="data"/>.</param>
    /// <param name="excluded">True for an offset that lies in debug or symbol data; null when nothing is excluded.</param>
    public static IReadOnlyList<XorHiddenRun> Read(ReadOnlySpan<byte> data, IReadOnlyList<XorSweepHit> hits, Func<long, bool>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var runs = new List<RunBuilder>();
        var lastRunOfKey = new Dictionary<byte, RunBuilder>();
        foreach (var hit in hits)
        {
            var offset = (int)hit.Offset;
            var end = offset + hit.Indicator.Length;
            var previous = lastRunOfKey.GetValueOrDefault(hit.Key);
            // Touching counts: the hit's own bytes decode to text, so a run that stopped at its reach goes on through it.
            if (previous is not null && offset >= previous.Start && offset <= previous.End)
            {
                previous.Hits.Add(hit);
                previous.End = ExtendRight(data, previous.End, end + MaxRunBytes, hit.Key);
                continue;
            }

            if (Judge(data, hit, excluded) != XorHitVerdict.Hidden)
            {
                continue;
            }

            var (start, stop) = Extend(data, offset, end, hit.Key, MaxRunBytes);
            var run = new RunBuilder { Start = Math.Max((int)start, previous?.End ?? 0), End = (int)stop, Key = hit.Key };
            run.Hits.Add(hit);
            runs.Add(run);
            lastRunOfKey[hit.Key] = run;
        }

        var result = new List<XorHiddenRun>(runs.Count);
        foreach (var run in runs)
        {
            var shown = data.Slice(run.Start, Math.Min(run.End - run.Start, MaxShownBytes));
            result.Add(new XorHiddenRun(run.Start, run.End - run.Start, run.Key, LiteralBytes.ToText(Decode(shown, run.Key)), run.Hits));
        }

        return result;
    }

    /// <summary>Whether one hit stands in hidden text, and if not, why.</summary>
    public static XorHitVerdict Judge(ReadOnlySpan<byte> data, XorSweepHit hit, Func<long, bool>? excluded = null)
    {
        if (excluded?.Invoke(hit.Offset) == true)
        {
            return XorHitVerdict.ExcludedRegion;
        }

        var offset = (int)hit.Offset;
        var length = hit.Indicator.Length;
        var low = Math.Max(0, offset - WindowBytes);
        var high = Math.Min(data.Length, offset + length + WindowBytes);
        var (start, end) = Extend(data[low..high], offset - low, offset - low + length, hit.Key, WindowBytes);
        if (end - start < MinWindowCharacters)
        {
            return XorHitVerdict.NoTextAround;
        }

        var raw = data.Slice(low + (int)start, (int)(end - start));
        if (IsNumberTable(raw))
        {
            return XorHitVerdict.NumberTable;
        }

        var score = TextModel.Default.Score(Decode(raw, hit.Key));
        if (score < MinScore)
        {
            return XorHitVerdict.NotLanguage;
        }

        return score < TextModel.Default.Score(raw) + Margin ? XorHitVerdict.ReadsAsItIs : XorHitVerdict.Hidden;
    }

    /// <summary>
    /// Small integers stored as binary share their high bytes, so one column at the integers' stride is nearly
    /// constant; text, hidden or not, never is. A key that maps those bytes to letters makes such a table a long
    /// run of "text", so the run's raw bytes are checked.
    /// </summary>
    private static bool IsNumberTable(ReadOnlySpan<byte> window)
    {
        Span<int> counts = stackalloc int[256];
        foreach (var stride in (ReadOnlySpan<int>)[2, 4, 8])
        {
            for (var column = 0; column < stride; column++)
            {
                counts.Clear();
                var samples = 0;
                var most = 0;
                for (var i = column; i < window.Length; i += stride)
                {
                    samples++;
                    most = Math.Max(most, ++counts[window[i]]);
                }

                if (samples >= 6 && most >= samples * TableColumnShare)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Grows <c>[start, end)</c> over neighbours that decode to text characters, at most <paramref name="reach"/> bytes each way.</summary>
    private static (long Start, long End) Extend(ReadOnlySpan<byte> data, int start, int end, byte key, int reach)
    {
        var low = Math.Max(0, start - reach);
        var high = Math.Min(data.Length, end + reach);
        while (start > low && IsTextByte((byte)(data[start - 1] ^ key)))
        {
            start--;
        }

        while (end < high && IsTextByte((byte)(data[end] ^ key)))
        {
            end++;
        }

        return (start, end);
    }

    private static int ExtendRight(ReadOnlySpan<byte> data, int end, int limit, byte key)
    {
        limit = Math.Min(limit, data.Length);
        while (end < limit && IsTextByte((byte)(data[end] ^ key)))
        {
            end++;
        }

        return end;
    }

    private sealed class RunBuilder
    {
        public int Start { get; init; }

        public int End { get; set; }

        public byte Key { get; init; }

        public List<XorSweepHit> Hits { get; } = [];
    }

    private static bool IsTextByte(byte b) => b is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static byte[] Decode(ReadOnlySpan<byte> raw, byte key)
    {
        var decoded = new byte[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            decoded[i] = (byte)(raw[i] ^ key);
        }

        return decoded;
    }
}
