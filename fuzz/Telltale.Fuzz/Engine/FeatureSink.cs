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

    /// <summary>
    /// A message reduced to its wording: the plain words up to the first word that is not (a number, a
    /// name, bytes from the input), which ends it. "hard link to '2517' is not followed" and "hard link to
    /// 'module.exports = fetch' is not followed" are then one feature, and names made of the input's own
    /// words do not each look new. Which check failed is in the wording before the first value; edges tell
    /// the rest apart.
    /// </summary>
    public void AddShape(string category, string? message)
    {
        if (message is null)
        {
            return;
        }

        var hash = Hash(Offset, category);
        var words = 0;
        foreach (var word in message.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = word.TrimEnd(':', ';', ',', '.', ')').TrimStart('(');
            if (++words > ShapeWords || !IsWording(trimmed))
            {
                hash = Mix(hash, '#');
                break;
            }

            hash = Hash(hash, trimmed);
        }

        _hashes.Add(hash);
    }

    private const int ShapeWords = 16;

    /// <summary>
    /// A word of the message's own text: letters, at most a capital first, not long. Names from the input
    /// (<c>isFileValue</c>, <c>appJJJJJJsnapshot</c>) fail one of those more often than not.
    /// </summary>
    private static bool IsWording(string word) =>
        word.Length is > 0 and <= 16 && word.All(char.IsAsciiLetter) && word.Skip(1).All(char.IsAsciiLetterLower);

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
