using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Telltale.Classification;

/// <summary>
/// Recovers the items of a list stored as digests: code that hashes the host of a base URL and looks the digest up in
/// a set of constants hides its list as surely as an encoding does, but a digest cannot be decoded. It can be matched:
/// the names such a list would hold (AI labs and clouds, IANA time zones, locale names) are hashed with each common
/// algorithm and looked up.
/// </summary>
public static class HashedValues
{
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Tables = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlyList<string>> Dictionary = new(BuildDictionary);

    /// <summary>The algorithms <c>crypto.createHash</c> is called with for this, by their Node names.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["md5", "sha1", "sha256", "sha512"];

    /// <summary>Names hashed to recover items: the embedded list of labs and clouds, IANA time-zone ids and locale names, all shipped as data.</summary>
    public static IReadOnlyList<string> Candidates => Dictionary.Value;

    /// <summary>Hex (any case) or base64 of 16, 20, 32 or 64 bytes: what <c>digest("hex" | "base64")</c> returns.</summary>
    public static bool LooksLikeDigest(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is 32 or 40 or 64 or 128 && text.All(char.IsAsciiHexDigit))
        {
            return true;
        }

        return text.Length is 24 or 28 or 44 or 88 && text.TrimEnd('=').All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_');
    }

    /// <summary>
    /// Each digest of <paramref name="digests"/> that is the <paramref name="algorithm"/> digest of a candidate, with that
    /// candidate; null for the algorithm unknown. Digests are compared as hex (lower case) and as base64.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Recover(string algorithm, IEnumerable<string> digests)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(digests);
        var normalised = algorithm.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        if (!Algorithms.Contains(normalised))
        {
            return null;
        }

        var table = Tables.GetOrAdd(normalised, BuildTable);
        var recovered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var digest in digests)
        {
            var key = digest.All(char.IsAsciiHexDigit) ? digest.ToLowerInvariant() : digest.TrimEnd('=').Replace('-', '+').Replace('_', '/');
            if (table.TryGetValue(key, out var item))
            {
                recovered[digest] = item;
            }
        }

        return recovered;
    }

    // MD5 and SHA-1 are what hidden lists are hashed with, not something relied on for security here.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "Matching digests a scanned program computed, not protecting anything.")]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "Matching digests a scanned program computed, not protecting anything.")]
    private static IReadOnlyDictionary<string, string> BuildTable(string algorithm)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var candidate in Candidates)
        {
            var bytes = Encoding.UTF8.GetBytes(candidate);
            var digest = algorithm switch
            {
                "md5" => MD5.HashData(bytes),
                "sha1" => SHA1.HashData(bytes),
                "sha256" => SHA256.HashData(bytes),
                _ => SHA512.HashData(bytes),
            };
            table.TryAdd(Convert.ToHexStringLower(digest), candidate);
            table.TryAdd(Convert.ToBase64String(digest).TrimEnd('='), candidate);
        }

        return table;
    }

    private static IReadOnlyList<string> BuildDictionary()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in new[] { "hash-dictionary.txt", "time-zones-and-locales.txt" })
        {
            using var stream = typeof(HashedValues).Assembly.GetManifestResourceStream("Telltale.Classification.Data." + resource)
                ?? throw new InvalidOperationException($"{resource} is not embedded");
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                var name = line.Trim();
                if (name.Length > 0 && !name.StartsWith('#'))
                {
                    names.Add(name);
                }
            }
        }

        // Hosts are compared lower case, and sometimes with their first label only.
        foreach (var name in names.ToList())
        {
            names.Add(name.ToLowerInvariant());
        }

        return [.. names];
    }
}
