namespace Telltale.Gateway;

/// <summary>
/// Who a request says it comes from: the headers as sent, and the package they name when the User-Agent's product is one
/// <see cref="ClientIdentification"/> knows. Every field is a claim the client made, not something the gateway verified.
/// </summary>
/// <param name="UserAgent">The User-Agent header, or null when there was none.</param>
/// <param name="App">The <c>x-app</c> header Claude Code sends (<c>cli</c>), or null.</param>
/// <param name="Ecosystem">The policy ecosystem of <see cref="Package"/> (<c>npm</c>, <c>PyPI</c>); null when the client is not recognised.</param>
/// <param name="Package">The package the product token names (<c>@anthropic-ai/claude-code</c>); null when not recognised.</param>
/// <param name="Version">The version the header claims; null when it names none.</param>
public sealed record ClientIdentity(string? UserAgent, string? App, string? Ecosystem, string? Package, string? Version)
{
    public bool IsRecognised => Package is not null;
}
