using Telltale.Gateway;

namespace Telltale.Tests;

public sealed class ClientIdentificationTests
{
    [Theory]
    [InlineData("claude-cli/2.1.91 (external, cli)", null, "npm", "@anthropic-ai/claude-code", "2.1.91")]
    [InlineData("codex_cli_rs/0.171.0 (Debian 13; x86_64) xterm", null, "npm", "@openai/codex", "0.171.0")]
    [InlineData("Anthropic/JS 0.60.0", "0.60.1", "npm", "@anthropic-ai/sdk", "0.60.1")]
    [InlineData("OpenAI/Python 1.99.0", null, "PyPI", "openai", "1.99.0")]
    [InlineData("curl/8.0.1", null, null, null, null)]
    [InlineData("claude-cli-fork/2.1.91", null, null, null, null)]
    public void A_user_agent_names_the_package_it_claims(string userAgent, string? stainlessVersion, string? ecosystem, string? package, string? version)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["User-Agent"] = userAgent };
        if (stainlessVersion is not null)
        {
            headers["x-stainless-package-version"] = stainlessVersion;
        }

        var client = ClientIdentification.Identify(name => headers.GetValueOrDefault(name));

        Assert.Equal((ecosystem, package, version), (client.Ecosystem, client.Package, client.Version));
    }
}
