using System.Text;
using System.Text.RegularExpressions;

namespace Telltale.Probing.Capture;

/// <summary>
/// Keeps credentials out of captured requests. A probe is usually run with real-looking or real API keys in
/// its environment, and the captured requests end up in reports and logs; the fact that a credential was
/// sent, and where, is the finding, its value never is.
/// </summary>
internal static partial class SecretRedaction
{
    public const string Redacted = "[redacted]";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "cookie",
        "set-cookie",
    };

    // Member names are squeezed (no "_" or "-", lower case) before they are matched against these endings.
    private static readonly string[] CredentialMemberEndings =
    [
        "apikey", "accesstoken", "refreshtoken", "idtoken", "authtoken", "sessiontoken", "bearertoken",
        "secret", "password", "passwd", "privatekey", "authorization", "cookie", "credential", "credentials",
    ];

    /// <summary>Whether a header or query parameter of this name carries a credential.</summary>
    public static bool IsSecretName(string name) => SecretHeaders.Contains(name) || SecretWord().IsMatch(name);

    /// <summary>The query string with the value of each credential-named parameter replaced; everything else kept byte for byte.</summary>
    public static string RedactQuery(string query)
    {
        if (query.Length <= 1)
        {
            return query;
        }

        var builder = new StringBuilder(query.Length);
        var start = query[0] == '?' ? 1 : 0;
        builder.Append(query, 0, start);
        var parts = query[start..].Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            var part = parts[i];
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            if (equals >= 0 && IsSecretName(Uri.UnescapeDataString(name.Replace('+', ' '))))
            {
                builder.Append(name).Append('=').Append(Redacted);
            }
            else
            {
                builder.Append(part);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Text with every known secret (the placeholder keys the probe handed the tool) replaced by <see cref="Redacted"/>.
    /// The capture applies only this to what it keeps: the same value in every run, so nothing compared is lost.
    /// </summary>
    public static string RedactKnown(string text, IReadOnlyCollection<string> knownSecrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(knownSecrets);
        foreach (var secret in knownSecrets)
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// Text the tool sent or printed, with every known secret and every credential-shaped value (<c>sk-…</c> keys, bearer
    /// tokens, JWTs, AWS and GitHub keys) replaced by <see cref="Redacted"/>: what reports and evidence bundles publish.
    /// Never applied before the comparison, which must see a value that carries a channel whatever it looks like.
    /// </summary>
    public static string RedactText(string text, IReadOnlyCollection<string> knownSecrets) =>
        CredentialShape().Replace(RedactKnown(text, knownSecrets), match => match.Groups["scheme"].Success ? match.Groups["scheme"].Value + Redacted : Redacted);

    /// <summary>A captured request as reports and evidence bundles publish it: credential-shaped values and members redacted.</summary>
    public static CapturedRequest Published(CapturedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request with
        {
            Path = RedactText(request.Path, []),
            Headers = request.Headers.ToDictionary(h => h.Key, h => RedactText(h.Value, []), StringComparer.OrdinalIgnoreCase),
            Body = RedactBody(request.Body, []),
        };
    }

    /// <summary>
    /// A request body as <see cref="RedactText"/> leaves it, and in JSON the string value of every member named like a
    /// credential (<c>api_key</c>, <c>accessToken</c>, <c>password</c>, <c>client_secret</c>…). Names are matched more
    /// narrowly than <see cref="IsSecretName"/>, whose "token" would take <c>max_tokens</c>: a body's other fields are what
    /// the probe compares, and everything else is kept byte for byte.
    /// </summary>
    public static string RedactBody(string body, IReadOnlyCollection<string> knownSecrets) =>
        JsonStringMember().Replace(RedactText(body, knownSecrets), match => IsCredentialMember(match.Groups["name"].Value)
            ? match.Value[..(match.Groups["value"].Index - match.Index)] + Redacted + "\""
            : match.Value);

    private static bool IsCredentialMember(string name)
    {
        var squeezed = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        return CredentialMemberEndings.Any(ending => squeezed.EndsWith(ending, StringComparison.Ordinal));
    }

    [GeneratedRegex("token|secret|key", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretWord();

    [GeneratedRegex("""(?<scheme>\bBearer\s+)[A-Za-z0-9._~+/=-]{20,}|\bsk-[A-Za-z0-9_-]{20,}|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}""", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialShape();

    [GeneratedRegex(@"""(?<name>[A-Za-z0-9_-]{1,64})""\s*:\s*""(?<value>(?:[^""\\]|\\.)*)""", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex JsonStringMember();
}
