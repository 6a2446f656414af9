using System.Text.RegularExpressions;

namespace Telltale.Gateway;

/// <summary>
/// Ties a request's User-Agent to a package a policy can name. The mapping is one table, <see cref="Products"/>, so a new
/// client is one row; docs/gateway.md lists it. A User-Agent is a claim: any client can send any string, so this names
/// what a client says it is, which is enough to stop an honest client of a banned version and nothing more.
/// </summary>
public static partial class ClientIdentification
{
    private static readonly ApiShape[] Anthropic = [ApiShape.AnthropicMessages];
    private static readonly ApiShape[] OpenAi = [ApiShape.OpenAiChatCompletions, ApiShape.OpenAiResponses];

    /// <summary>
    /// The clients recognised, by their first product token. Claude Code sends <c>claude-cli/2.1.91 (external, cli)</c>;
    /// OpenAI's Codex CLI sends <c>codex_cli_rs/0.171.0 (…)</c>; the Stainless-generated SDKs send <c>Anthropic/JS 0.x</c>
    /// or <c>OpenAI/Python 1.x</c> with the package version again in <c>x-stainless-package-version</c>.
    /// </summary>
    public static IReadOnlyList<ClientProduct> Products { get; } =
    [
        new("claude-cli", "npm", "@anthropic-ai/claude-code", null, Anthropic, BodyVersionMarker: "cc_version="),
        new("codex_cli_rs", "npm", "@openai/codex", null, OpenAi),
        new("Anthropic/JS", "npm", "@anthropic-ai/sdk", "x-stainless-package-version", Anthropic),
        new("Anthropic/Python", "PyPI", "anthropic", "x-stainless-package-version", Anthropic),
        new("OpenAI/JS", "npm", "openai", "x-stainless-package-version", OpenAi),
        new("OpenAI/Python", "PyPI", "openai", "x-stainless-package-version", OpenAi),
    ];

    /// <summary>
    /// The identity <paramref name="header"/> gives (a case-insensitive header lookup; null for a header not sent).
    /// The product token is matched whole, with its version taken from the rest of the token or the row's version header.
    /// </summary>
    public static ClientIdentity Identify(Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var userAgent = header("User-Agent");
        var app = header("x-app");
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return new ClientIdentity(userAgent, app, null, null, null);
        }

        foreach (var product in Products)
        {
            // "Anthropic/JS 0.60.0": the token holds a '/', so the version follows a space; "claude-cli/2.1.91": it follows the '/'.
            var separator = product.Token.Contains('/', StringComparison.Ordinal) ? ' ' : '/';
            var prefix = product.Token + separator;
            if (!userAgent.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var claimed = VersionToken().Match(userAgent, prefix.Length);
            var userAgentVersion = claimed.Success && claimed.Index == prefix.Length ? claimed.Value : null;
            var version = product.VersionHeader is { } versionHeader && header(versionHeader) is { Length: > 0 } stated
                ? stated.Trim()
                : userAgentVersion;
            return new ClientIdentity(userAgent, app, product, version, userAgentVersion);
        }

        return new ClientIdentity(userAgent, app, null, null, null);
    }

    [GeneratedRegex(@"[0-9][0-9A-Za-z.+\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex VersionToken();
}
