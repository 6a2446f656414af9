namespace Telltale.Gateway;

/// <summary>
/// Who a request says it comes from: the headers as sent, and the package they name when the User-Agent's product is one
/// <see cref="ClientIdentification"/> knows. Every field is a claim the client made, not something the gateway verified.
/// </summary>
/// <param name="UserAgent">The User-Agent header, or null when there was none.</param>
/// <param name="App">The <c>x-app</c> header Claude Code sends (<c>cli</c>), or null.</param>
/// <param name="Product">The row of <see cref="ClientIdentification.Products"/> the User-Agent names; null when not recognised.</param>
/// <param name="Version">The version claimed: the product's version header when sent, else the User-Agent's; null when none is named.</param>
/// <param name="UserAgentVersion">The version the User-Agent itself names, kept apart so a header that disagrees with it can be told.</param>
public sealed record ClientIdentity(string? UserAgent, string? App, ClientProduct? Product, string? Version, string? UserAgentVersion)
{
    public bool IsRecognised => Product is not null;

    /// <summary>The policy ecosystem of <see cref="Package"/> (<c>npm</c>, <c>PyPI</c>); null when the client is not recognised.</summary>
    public string? Ecosystem => Product?.Ecosystem;

    /// <summary>The package the product token names (<c>@anthropic-ai/claude-code</c>); null when not recognised.</summary>
    public string? Package => Product?.Package;

    /// <summary>
    /// The key a client's habits are counted under: <c>npm:@anthropic-ai/claude-code@2.1.91</c> for a recognised client,
    /// else its User-Agent (<c>(no user agent)</c> when it sent none).
    /// </summary>
    public string Key => Product is { } product
        ? $"{product.Ecosystem}:{product.Package}@{Version ?? "(no version)"}"
        : UserAgent is { Length: > 0 } agent ? agent : "(no user agent)";
}
