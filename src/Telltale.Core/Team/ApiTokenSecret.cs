using System.Security.Cryptography;
using System.Text;

namespace Telltale.Team;

/// <summary>
/// The secret of an API token: <c>tt_</c> and 32 random bytes in base64url (43 characters, no padding). The prefix
/// lets secret scanners and people recognise one; the store keeps only <see cref="Hash"/>, so a copy of the database
/// gives no usable token.
/// </summary>
public static class ApiTokenSecret
{
    public const string Prefix = "tt_";

    private const int SecretBytes = 32;

    /// <summary>The length of every secret this class makes: the prefix and 43 base64url characters.</summary>
    public const int Length = 46;

    public static string Generate()
    {
        Span<byte> random = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(random);
        return Prefix + Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>SHA-256 of the secret's UTF-8 text. A secret is 256 random bits, so no salt or slow hash is needed: there is nothing to guess.</summary>
    public static byte[] Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a secret; anything else is refused before it is hashed or looked up.</summary>
    public static bool HasShape(string? text)
    {
        if (text is null || text.Length != Length || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text.AsSpan(Prefix.Length))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
