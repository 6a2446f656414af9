namespace Telltale.Decoding;

/// <summary>
/// Recovers xor keys statistically, as xortool does, without knowing any key in advance: each key byte
/// is the one that turns its column of bytes into the most text-like distribution, and the key length is
/// the shortest one whose columns all decode that well. Works on one long blob or on many short samples
/// that each start at key offset 0 (one obfuscation scheme applied to many literals).
/// </summary>
public static class XorKeyFinder
{
    /// <summary>How much worse (log2 per byte) a shorter key may score and still be preferred to a longer one.</summary>
    private const double ShorterKeyTolerance = 0.12;

    public static XorKey BestSingleByteKey(ReadOnlySpan<byte> data)
    {
        Span<int> histogram = stackalloc int[256];
        foreach (var b in data)
        {
            histogram[b]++;
        }

        var (key, score) = BestKeyFor(histogram, data.Length);
        return new XorKey([key], score);
    }

    /// <summary>
    /// The best key of length 1..<paramref name="maxKeyLength"/> for <paramref name="samples"/>, or null
    /// when no length leaves at least <paramref name="minColumnBytes"/> bytes per key position
    /// (fewer would let any key look good).
    /// </summary>
    public static XorKey? FindRepeatingKey(IReadOnlyList<byte[]> samples, int maxKeyLength, int minKeyLength = 1, int minColumnBytes = 12)
    {
        var total = samples.Sum(s => (long)s.Length);
        var candidates = new List<XorKey>();
        var allColumns = new int[maxKeyLength * 256];
        var allColumnSizes = new int[maxKeyLength];
        for (var length = minKeyLength; length <= maxKeyLength; length++)
        {
            var columns = allColumns.AsSpan(0, length * 256);
            var columnSizes = allColumnSizes.AsSpan(0, length);
            columns.Clear();
            columnSizes.Clear();
            foreach (var sample in samples)
            {
                for (var i = 0; i < sample.Length; i++)
                {
                    var column = i % length;
                    columns[(column * 256) + sample[i]]++;
                    columnSizes[column]++;
                }
            }

            if (Min(columnSizes) < minColumnBytes)
            {
                break;
            }

            var key = new byte[length];
            double weighted = 0;
            for (var column = 0; column < length; column++)
            {
                var (keyByte, score) = BestKeyFor(columns.Slice(column * 256, 256), columnSizes[column]);
                key[column] = keyByte;
                weighted += score * columnSizes[column];
            }

            candidates.Add(new XorKey(key, weighted / total));
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var best = candidates.Max(c => c.Score);
        return candidates.First(c => c.Score >= best - ShorterKeyTolerance);
    }

    /// <summary>
    /// Improves a statistical key with the character model. Each key byte was chosen for its own column alone, by
    /// single-byte frequencies, so on short data some byte is often a near miss ('m' for 'a' in every fourth
    /// character); the right key is the one whose columns also fit together into words. For each position the
    /// few best bytes by frequency are tried, keeping whichever makes the whole text read best, until nothing
    /// improves; a key that then repeats itself is cut to its period.
    /// </summary>
    /// <param name="data">The xor'd bytes, starting at key offset 0.</param>
    /// <param name="key">The statistical key.</param>
    public static XorKey Refine(ReadOnlySpan<byte> data, XorKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var sample = data[..Math.Min(data.Length, RefineSampleBytes)];
        var length = key.Bytes.Length;
        var candidates = new byte[length][];
        Span<int> histogram = stackalloc int[256];
        for (var column = 0; column < length; column++)
        {
            histogram.Clear();
            var count = 0;
            for (var i = column; i < sample.Length; i += length)
            {
                histogram[sample[i]]++;
                count++;
            }

            candidates[column] = TopKeys(histogram, count, RefineCandidates, key.Bytes[column]);
        }

        var bytes = (byte[])key.Bytes.Clone();
        var decoded = new byte[sample.Length];
        var best = ScoreUnder(sample, bytes, decoded);
        for (var pass = 0; pass < RefinePasses; pass++)
        {
            var improved = false;
            for (var column = 0; column < length; column++)
            {
                var kept = bytes[column];
                foreach (var candidate in candidates[column])
                {
                    if (candidate == kept)
                    {
                        continue;
                    }

                    bytes[column] = candidate;
                    var score = ScoreUnder(sample, bytes, decoded);
                    if (score > best + 1e-9)
                    {
                        best = score;
                        kept = candidate;
                        improved = true;
                    }
                }

                bytes[column] = kept;
            }

            if (!improved)
            {
                break;
            }
        }

        bytes = Period(bytes);
        return bytes.AsSpan().SequenceEqual(key.Bytes) ? key : new XorKey(bytes, key.Score);
    }

    /// <summary>Bytes of the data the model reads while refining: enough for any key of 16 bytes, cheap on a large blob.</summary>
    private const int RefineSampleBytes = 4096;

    /// <summary>Key bytes tried per position: the right one is almost always among the best few by frequency.</summary>
    private const int RefineCandidates = 8;

    private const int RefinePasses = 3;

    private static double ScoreUnder(ReadOnlySpan<byte> sample, byte[] key, byte[] decoded)
    {
        for (var i = 0; i < sample.Length; i++)
        {
            decoded[i] = (byte)(sample[i] ^ key[i % key.Length]);
        }

        return TextModel.Default.Score(decoded);
    }

    /// <summary>The <paramref name="count"/> best single-byte keys for one column's histogram, <paramref name="current"/> always among them.</summary>
    private static byte[] TopKeys(ReadOnlySpan<int> histogram, int total, int count, byte current)
    {
        var weights = TextPlausibility.Weights;
        var scored = new (double Score, byte Key)[256];
        for (var key = 0; key < 256; key++)
        {
            double sum = 0;
            for (var b = 0; b < 256; b++)
            {
                if (histogram[b] != 0)
                {
                    sum += histogram[b] * weights[b ^ key];
                }
            }

            scored[key] = (total == 0 ? 0 : sum / total, (byte)key);
        }

        // Ties broken by key so the order never depends on the sort.
        Array.Sort(scored, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Key.CompareTo(b.Key));
        var top = scored.Take(count).Select(s => s.Key).ToList();
        if (!top.Contains(current))
        {
            top.Add(current);
        }

        return [.. top];
    }

    /// <summary>The shortest prefix of the key that repeats to make all of it ("k3y!k3y!" is "k3y!").</summary>
    private static byte[] Period(byte[] key)
    {
        for (var period = 1; period < key.Length; period++)
        {
            if (key.Length % period != 0)
            {
                continue;
            }

            var repeats = true;
            for (var i = period; i < key.Length && repeats; i++)
            {
                repeats = key[i] == key[i - period];
            }

            if (repeats)
            {
                return key[..period];
            }
        }

        return key;
    }

    private static int Min(ReadOnlySpan<int> values)
    {
        var min = int.MaxValue;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
        }

        return min;
    }

    private static (byte Key, double Score) BestKeyFor(ReadOnlySpan<int> histogram, int count)
    {
        // Only the byte values present count, and a short column holds few of them: summing over those
        // instead of all 256 makes the 256 trial keys cheap (the sum runs in the same order, so the
        // scores are the same to the last bit).
        Span<byte> values = stackalloc byte[256];
        Span<int> counts = stackalloc int[256];
        var distinct = 0;
        for (var b = 0; b < 256; b++)
        {
            if (histogram[b] != 0)
            {
                values[distinct] = (byte)b;
                counts[distinct] = histogram[b];
                distinct++;
            }
        }

        values = values[..distinct];
        counts = counts[..distinct];
        var weights = TextPlausibility.Weights;
        var bestKey = 0;
        var bestScore = double.NegativeInfinity;
        for (var key = 0; key < 256; key++)
        {
            double sum = 0;
            for (var i = 0; i < values.Length; i++)
            {
                sum += counts[i] * weights[values[i] ^ key];
            }

            if (sum > bestScore)
            {
                bestScore = sum;
                bestKey = key;
            }
        }

        return ((byte)bestKey, count == 0 ? double.NegativeInfinity : bestScore / count);
    }
}
