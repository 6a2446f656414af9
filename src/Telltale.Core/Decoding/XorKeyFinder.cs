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
