using System.Security.Cryptography;

namespace Telltale.Artifacts;

/// <summary>
/// A Subresource Integrity expectation (<c>sha512-BASE64</c>) reduced to its strongest algorithm, as
/// npm's ssri does: a weaker hash listed beside a stronger one is not allowed to vouch alone.
/// </summary>
internal sealed class IntegrityCheck
{
    private static readonly (string Prefix, HashAlgorithmName Algorithm, int Bytes)[] ByStrength =
    [
        ("sha512", HashAlgorithmName.SHA512, 64),
        ("sha384", HashAlgorithmName.SHA384, 48),
        ("sha256", HashAlgorithmName.SHA256, 32),
        ("sha1", HashAlgorithmName.SHA1, 20),
    ];

    private readonly byte[][] _digests;

    private IntegrityCheck(string prefix, HashAlgorithmName algorithm, byte[][] digests)
    {
        Prefix = prefix;
        Algorithm = algorithm;
        _digests = digests;
        Text = string.Join(' ', digests.Select(d => Describe(prefix, d)));
    }

    public string Prefix { get; }
    public HashAlgorithmName Algorithm { get; }

    /// <summary>The expectation as an SRI string, which is also what the cache stores beside a tarball.</summary>
    public string Text { get; }

    /// <summary>The strongest usable hashes in an SRI string, or null when it names none we know.</summary>
    public static IntegrityCheck? Parse(string? integrity)
    {
        if (string.IsNullOrWhiteSpace(integrity))
        {
            return null;
        }

        var tokens = integrity.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        foreach (var (prefix, algorithm, bytes) in ByStrength)
        {
            var digests = new List<byte[]>();
            foreach (var token in tokens)
            {
                var dash = token.IndexOf('-');
                if (dash <= 0 || !token.AsSpan(0, dash).Equals(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // SRI allows "?options" after the digest; they carry nothing we check.
                var value = token[(dash + 1)..];
                var question = value.IndexOf('?');
                if (question >= 0)
                {
                    value = value[..question];
                }

                var buffer = new byte[bytes];
                if (Convert.TryFromBase64String(value, buffer, out var written) && written == bytes)
                {
                    digests.Add(buffer);
                }
            }

            if (digests.Count > 0)
            {
                return new IntegrityCheck(prefix, algorithm, [.. digests]);
            }
        }

        return null;
    }

    /// <summary>The legacy <c>dist.shasum</c>: hex sha1.</summary>
    public static IntegrityCheck? FromShasum(string? shasum)
    {
        if (shasum is not { Length: 40 })
        {
            return null;
        }

        try
        {
            return new IntegrityCheck("sha1", HashAlgorithmName.SHA1, [Convert.FromHexString(shasum)]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public IncrementalHash CreateHash() => IncrementalHash.CreateHash(Algorithm);

    public bool Matches(ReadOnlySpan<byte> digest)
    {
        foreach (var expected in _digests)
        {
            if (CryptographicOperations.FixedTimeEquals(expected, digest))
            {
                return true;
            }
        }

        return false;
    }

    public bool MatchesFile(string path)
    {
        using var hash = CreateHash();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer.AsSpan(0, read));
        }

        return Matches(hash.GetHashAndReset());
    }

    public string Describe(ReadOnlySpan<byte> digest) => Describe(Prefix, digest);

    private static string Describe(string prefix, ReadOnlySpan<byte> digest) => prefix + "-" + Convert.ToBase64String(digest);
}
