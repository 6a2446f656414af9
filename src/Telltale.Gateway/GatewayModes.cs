namespace Telltale.Gateway;

/// <summary>The names of <see cref="GatewayMode"/> as the command line and the route file spell them.</summary>
public static class GatewayModes
{
    /// <summary>observe, normalise (or normalize), block, in any case; null for anything else.</summary>
    public static GatewayMode? TryParse(string text) => text?.ToLowerInvariant() switch
    {
        "observe" => GatewayMode.Observe,
        "normalise" or "normalize" => GatewayMode.Normalise,
        "block" => GatewayMode.Block,
        _ => null,
    };
}
