using System.Numerics;

namespace Telltale.Fuzz.Engine;

/// <summary>
/// What one execution reached, as 64-bit hashes: the shape of each problem or refusal message, formats,
/// counts by order of magnitude, and (when Telltale.Core is instrumented) the edges it covered. An input
/// that adds a hash the campaign has not seen joins the corpus.
/// </summary>
public sealed class FeatureSink
{
    private readonly HashSet<ulong> _hashes = [];

    public IReadOnlyCollection<ulong> Hashes => _hashes;

    public void Clear() => _hashes.Clear();

    /// <summary>A message with its digits folded, so "offset 17" and "offset 4096" are one feature.</summary>
    public void AddShape(string category, string? message)
    {
        if (message is null)
        {
            return;
        }

        // Long messages often end with attacker-chosen names; the first part says which check failed.
        var length = Math.Min(message.Length, 96);
        var hash = Hash(Offset, category);
        var lastWasDigit = false;
        for (var i = 0; i < length; i++)
        {
            var c = message[i];
            var digit = char.IsAsciiDigit(c);
            if (digit && lastWasDigit)
            {
                continue;
            }

            hash = Mix(hash, digit ? '#' : c);
            lastWasDigit = digit;
        }

        _hashes.Add(hash);
    }

    /// <summary>A count or size, bucketed by powers of two.</summary>
    public void AddMagnitude(string category, long value)
    {
        var bucket = value <= 0 ? value : 64 - BitOperations.LeadingZeroCount((ulong)value);
        _hashes.Add(Mix(Hash(Offset, category), (ulong)bucket + 0x9E37));
    }

    public void Add(string category, string value) => _hashes.Add(Hash(Hash(Offset, category), value));

    /// <summary>A raw hash, for coverage edges.</summary>
    public void AddRaw(ulong hash) => _hashes.Add(hash);

    // FNV-1a: deterministic across processes, unlike string.GetHashCode, so a seeded run keeps the same corpus.
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    private static ulong Hash(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = Mix(hash, c);
        }

        return Mix(hash, 0xFFFF);
    }

    private static ulong Mix(ulong hash, ulong value) => (hash ^ value) * Prime;
}
