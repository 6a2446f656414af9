namespace Telltale.Gateway;

/// <summary>
/// One route of the gateway: the requests whose path starts with <see cref="PathPrefix"/> (on a segment boundary) go to
/// <see cref="Upstream"/> with the prefix taken off, handled in <see cref="Mode"/> with <see cref="Normalise"/>. The
/// longest matching prefix wins, so a translation route under <c>/translate</c> can keep typographic quotes while
/// everything else under <c>/</c> is normalised.
/// </summary>
public sealed record GatewayRoute
{
    /// <summary>The route's name in the decision log (<c>gatewayRoute</c>).</summary>
    public string Name { get; init; } = "default";

    /// <summary>A path prefix starting with '/'; <c>/</c> matches every path and strips nothing.</summary>
    public string PathPrefix { get; init; } = "/";

    /// <summary>The API forwarded to, with the request's path (less the prefix) appended: <c>https://api.anthropic.com</c>.</summary>
    public required Uri Upstream { get; init; }

    public GatewayMode Mode { get; init; } = GatewayMode.Normalise;

    public NormaliseOptions Normalise { get; init; } = NormaliseOptions.Default;

    /// <summary>An address requests can be forwarded to: http(s)://HOST[:PORT][/PREFIX], no query, no credentials in it.</summary>
    public static bool IsUpstreamAddress(Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return upstream.IsAbsoluteUri && upstream.Scheme is "http" or "https" && upstream.Query.Length == 0 && upstream.UserInfo.Length == 0;
    }

    /// <summary>A path prefix a route can match: starting with '/', without a query, fragment or space.</summary>
    public static bool IsPathPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return prefix.StartsWith('/') && prefix.IndexOfAny(['?', '#', ' ']) < 0;
    }

    /// <summary>The path the upstream sees: <paramref name="path"/> without the prefix; null when the route does not match it.</summary>
    public string? Remainder(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var prefix = PathPrefix.TrimEnd('/');
        if (prefix.Length == 0)
        {
            return path;
        }

        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[prefix.Length..];
        return rest.Length == 0 ? "/" : rest[0] == '/' ? rest : null;
    }
}
