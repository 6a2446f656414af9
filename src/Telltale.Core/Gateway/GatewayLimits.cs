namespace Telltale.Gateway;

/// <summary>Bounds on what the gateway will read and rewrite; anything past them is refused, never cut.</summary>
public sealed record GatewayLimits
{
    public static GatewayLimits Default { get; } = new();

    /// <summary>The most bytes of request body accepted as sent (compressed or not).</summary>
    public long MaxBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>The most bytes a compressed body may inflate to, so a small zip bomb costs no more than a large body.</summary>
    public long MaxDecodedBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>The deepest nesting of objects and arrays; the same default as System.Text.Json.</summary>
    public int MaxDepth { get; init; } = 64;
}
