using System.Text.Json;

namespace Telltale.Probing;

/// <summary>
/// Pairs the elements of a JSON array with those of the reference's array, so that a message or tool is compared
/// with its own counterpart even when a variant adds or drops an element before it. Without this, one extra
/// message at the front shifts every index and the real change (an apostrophe in the next message) is compared
/// with an unrelated message, or with nothing.
/// <para>
/// The pairing keeps order and maximises total similarity, counting only pairs at least
/// <see cref="MinimumSimilarity"/> alike: identical elements score 1, objects score by shared leaves (Dice, with
/// partial credit for a leaf whose text differs a little), strings by their shared prefix and suffix.
/// </para>
/// </summary>
internal static class ArrayAlignment
{
    public const double MinimumSimilarity = 0.5;

    /// <summary>Above this many element pairs the arrays are paired by index: scoring every pair would cost too much.</summary>
    public const int MaxPairs = 40_000;

    /// <summary>For each element of <paramref name="values"/>, the index of its reference counterpart, or null.</summary>
    public static int?[] Match(IReadOnlyList<JsonElement> reference, IReadOnlyList<JsonElement> values)
    {
        var m = reference.Count;
        var n = values.Count;
        var match = new int?[n];
        var referenceRaw = reference.Select(e => e.GetRawText()).ToArray();
        var valueRaw = values.Select(e => e.GetRawText()).ToArray();
        if ((long)m * n > MaxPairs || (m == n && referenceRaw.SequenceEqual(valueRaw, StringComparer.Ordinal)))
        {
            for (var j = 0; j < Math.Min(m, n); j++)
            {
                match[j] = j;
            }

            return match;
        }

        var referenceLeaves = new Dictionary<string, string>?[m];
        var valueLeaves = new Dictionary<string, string>?[n];
        var score = new double[m, n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                score[i, j] = string.Equals(referenceRaw[i], valueRaw[j], StringComparison.Ordinal)
                    ? 1
                    : Similarity(reference[i], values[j], ref referenceLeaves[i], ref valueLeaves[j]);
            }
        }

        // Order-preserving matching of greatest total score: the weighted form of a longest common subsequence.
        var best = new double[m + 1, n + 1];
        for (var i = 1; i <= m; i++)
        {
            for (var j = 1; j <= n; j++)
            {
                var paired = score[i - 1, j - 1] >= MinimumSimilarity ? best[i - 1, j - 1] + score[i - 1, j - 1] : double.MinValue;
                best[i, j] = Math.Max(paired, Math.Max(best[i - 1, j], best[i, j - 1]));
            }
        }

        for (int i = m, j = n; i > 0 && j > 0;)
        {
            if (score[i - 1, j - 1] >= MinimumSimilarity && best[i, j] == best[i - 1, j - 1] + score[i - 1, j - 1])
            {
                match[j - 1] = i - 1;
                i--;
                j--;
            }
            else if (best[i, j] == best[i - 1, j])
            {
                i--;
            }
            else
            {
                j--;
            }
        }

        return match;
    }

    /// <summary>How much two strings agree: their common prefix and suffix over the longer length.</summary>
    internal static double TextSimilarity(string a, string b)
    {
        var longer = Math.Max(a.Length, b.Length);
        if (longer == 0)
        {
            return 1;
        }

        var prefix = a.AsSpan().CommonPrefixLength(b);
        var shorter = Math.Min(a.Length, b.Length);
        var suffix = 0;
        while (suffix < shorter - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        return (double)(prefix + suffix) / longer;
    }

    private static double Similarity(
        JsonElement a, JsonElement b, ref Dictionary<string, string>? aLeaves, ref Dictionary<string, string>? bLeaves)
    {
        if (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String)
        {
            return TextSimilarity(a.GetRawText(), b.GetRawText());
        }

        if (a.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) || a.ValueKind != b.ValueKind)
        {
            return 0;
        }

        aLeaves ??= Leaves(a);
        bLeaves ??= Leaves(b);
        return LeafSimilarity(aLeaves, bLeaves);
    }

    /// <summary>Dice over two documents' leaves (JSON path to raw value), with partial credit for a leaf whose text differs a little.</summary>
    internal static double LeafSimilarity(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count + b.Count == 0)
        {
            return 1;
        }

        var shared = 0.0;
        foreach (var (path, value) in a)
        {
            if (b.TryGetValue(path, out var other))
            {
                shared += string.Equals(value, other, StringComparison.Ordinal) ? 1 : TextSimilarity(value, other);
            }
        }

        return 2 * shared / (a.Count + b.Count);
    }

    /// <summary>Every leaf of a JSON document by its path (<c>.messages[0].content</c>), with its raw text.</summary>
    internal static Dictionary<string, string> Leaves(JsonElement element)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(element, "", leaves);
        return leaves;
    }

    private static void Collect(JsonElement element, string path, Dictionary<string, string> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, path + "." + property.Name, leaves);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, path + "[" + index++ + "]", leaves);
                }

                break;
            default:
                leaves.TryAdd(path, element.GetRawText());
                break;
        }
    }
}
