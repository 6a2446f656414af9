namespace Telltale.Team;

/// <summary>How a gateway's client is named in the team store, its API and its dashboard.</summary>
public static class GatewayClients
{
    /// <summary>What a client without a User-Agent is counted as.</summary>
    public const string Anonymous = "(no User-Agent)";

    /// <summary>The longest client name kept; a User-Agent is whatever the caller sent.</summary>
    public const int MaxKeyLength = 300;

    /// <summary>
    /// The package and version the client claims (<c>npm:@anthropic-ai/claude-code@2.1.91</c>), the package alone without a
    /// version, else its User-Agent: a known client is counted per version, so a change between versions shows.
    /// </summary>
    public static string Key(string? package, string? version, string? userAgent)
    {
        var key = !string.IsNullOrEmpty(package)
            ? string.IsNullOrEmpty(version) ? package : $"{package}@{version}"
            : string.IsNullOrEmpty(userAgent) ? Anonymous : userAgent;
        return key.Length <= MaxKeyLength ? key : key[..MaxKeyLength];
    }
}
