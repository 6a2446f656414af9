using System.Text;

namespace Telltale.Decoding;

/// <summary>
/// Says whether bytes read as human or program text, and how much like it. The score is the mean
/// log-probability of each byte under a fixed model of English prose and source code, so it ranks
/// candidate xor keys as well as it filters noise: the right key gives the most natural distribution.
/// </summary>
public static class TextPlausibility
{
    /// <summary>Mean log2-probability per byte below which bytes are not taken for text.</summary>
    public const double MinimumScore = -6.2;

    private static readonly double[] LogWeights = BuildWeights();

    /// <summary>The per-byte log2 weights, exposed for tight loops that score many candidate keys.</summary>
    public static ReadOnlySpan<double> Weights => LogWeights;

    public static double Score(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return double.NegativeInfinity;
        }

        double sum = 0;
        foreach (var b in data)
        {
            sum += LogWeights[b];
        }

        return sum / data.Length;
    }

    /// <summary>Text: valid UTF-8, almost no control characters, and a natural byte distribution.</summary>
    public static bool IsPlausibleText(ReadOnlySpan<byte> data, int minLength = 4)
    {
        if (data.Length < minLength)
        {
            return false;
        }

        var controls = 0;
        foreach (var b in data)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                controls++;
            }
            else if (b == 0x7F)
            {
                controls++;
            }
        }

        if (controls > data.Length / 50)
        {
            return false;
        }

        if (!System.Text.Unicode.Utf8.IsValid(data))
        {
            return false;
        }

        return Score(data) >= MinimumScore || IsMostlyNonLatinText(data);
    }

    /// <summary>
    /// Chinese, Cyrillic and other scripts are text too, but their UTF-8 bytes score low under a byte
    /// model: judge them by their characters instead.
    /// </summary>
    private static bool IsMostlyNonLatinText(ReadOnlySpan<byte> data)
    {
        var high = 0;
        foreach (var b in data)
        {
            if (b >= 0x80)
            {
                high++;
            }
        }

        if (high < data.Length / 4)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(data);
        var good = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || Rune.IsSymbol(rune))
            {
                good++;
            }
        }

        var runes = text.EnumerateRunes().Count();
        return runes > 0 && good >= runes * 0.95;
    }

    /// <summary>
    /// The stricter test for the output of a keyed layer (xor): 255 keys are tried, so some key turns
    /// lookup tables and noise into printable bytes. Real hidden text also has varied characters, no long
    /// runs of one character, and is mostly letters.
    /// </summary>
    public static bool IsPlausibleHiddenText(ReadOnlySpan<byte> data)
    {
        if (!IsPlausibleText(data, minLength: 8))
        {
            return false;
        }

        Span<bool> seen = stackalloc bool[256];
        int distinct = 0, letters = 0, run = 1, longestRun = 1;
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (!seen[b])
            {
                seen[b] = true;
                distinct++;
            }

            if (char.IsAsciiLetter((char)b) || b >= 0x80)
            {
                letters++;
            }

            run = i > 0 && data[i - 1] == b ? run + 1 : 1;
            longestRun = Math.Max(longestRun, run);
        }

        return distinct >= Math.Min(10, data.Length / 3) && longestRun <= 3 && letters * 2 >= data.Length
            && DistinctBigrams(data) >= Math.Min(40, data.Length * 2 / 5);
    }

    /// <summary>
    /// Valid UTF-8 with no control characters but tab and line breaks. Random bytes almost never are,
    /// so for unkeyed layers (base64, hex) of a dozen bytes or more this alone says "text", JSON included.
    /// </summary>
    public static bool IsCleanText(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || !System.Text.Unicode.Utf8.IsValid(data))
        {
            return false;
        }

        foreach (var b in data)
        {
            if ((b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r')) || b == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Periodic output ("tetete", "enstenst") is a table xor'd into letters, not hidden text.</summary>
    private static int DistinctBigrams(ReadOnlySpan<byte> data)
    {
        var seen = new HashSet<int>();
        for (var i = 0; i + 1 < data.Length; i++)
        {
            seen.Add((data[i] << 8) | data[i + 1]);
        }

        return seen.Count;
    }

    /// <summary>Printable ASCII only: what base64, hex and the other text encodings are written in.</summary>
    public static bool IsPrintableAscii(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            if (b is < 0x20 or >= 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private static double[] BuildWeights()
    {
        // Relative frequencies of bytes in English text and minified code, smoothed. Only the ordering
        // and rough ratios matter; the threshold above was set on real package strings.
        var frequency = new double[256];
        const string lower = "etaoinsrhldcumfpgwybvkxjqz";
        double[] lowerShare = [12.0, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.0, 5.2, 4.0, 3.8, 3.4, 2.8, 2.6, 2.4, 2.2, 2.0, 1.9, 1.8, 1.5, 1.0, 0.8, 0.3, 0.2, 0.15, 0.1];
        for (var i = 0; i < lower.Length; i++)
        {
            frequency[lower[i]] = lowerShare[i];
            frequency[char.ToUpperInvariant(lower[i])] = lowerShare[i] * 0.45;
        }

        frequency[' '] = 14;
        for (var c = '0'; c <= '9'; c++)
        {
            frequency[c] = 0.6;
        }

        foreach (var c in ".,_-/:'\"()")
        {
            frequency[c] = 0.6;
        }

        foreach (var c in "=;!?$*+&[]{}<>%#@|\\`~^")
        {
            frequency[c] = 0.12;
        }

        frequency['\n'] = 0.4;
        frequency['\t'] = 0.08;
        frequency['\r'] = 0.04;
        for (var b = 0x80; b < 0x100; b++)
        {
            frequency[b] = 0.02; // UTF-8 for non-Latin scripts and typographic quotes
        }

        var total = frequency.Sum() + 256 * 0.00005;
        var weights = new double[256];
        for (var b = 0; b < 256; b++)
        {
            weights[b] = Math.Log2((frequency[b] + 0.00005) / total);
        }

        return weights;
    }
}
