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

    [GeneratedRegex("token|secret|key", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretWord();
}
