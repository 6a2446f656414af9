namespace Telltale.Probing;

/// <summary>
/// Gives each request of a run a key that matches the same request in another run: method, path and the
/// order of occurrence of that method and path. The host is left out since variants point the tool at other
/// hosts, and so is any path prefix that comes from a base URL in the variant's environment
/// (<c>ANTHROPIC_BASE_URL=https://api.deepseek.com/anthropic</c> moves <c>/v1/messages</c> to
/// <c>/anthropic/v1/messages</c>).
/// </summary>
internal static class RequestAlignment
{
    public static IReadOnlyList<AlignedRequest> Align(ProbeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var prefixes = BasePathPrefixes(run.Environment);
        var occurrences = new Dictionary<(string Method, string Path), int>();
        var aligned = new List<AlignedRequest>(run.Requests.Count);
        foreach (var request in run.Requests.OrderBy(r => r.Sequence))
        {
            var path = StripPrefix(SplitTarget(request.Path).Path, prefixes);
            var method = request.Method.ToUpperInvariant();
            var occurrence = occurrences.GetValueOrDefault((method, path));
            occurrences[(method, path)] = occurrence + 1;
            aligned.Add(new AlignedRequest(new RequestKey(method, path, occurrence), request));
        }

        return aligned;
    }

    internal static (string Path, string Query) SplitTarget(string target)
    {
        // An absolute-form target (a request sent through a proxy) carries the host; only the path matters.
        if (target.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(target, UriKind.Absolute, out var uri))
        {
            target = uri.PathAndQuery;
        }

        var mark = target.IndexOf('?', StringComparison.Ordinal);
        return mark < 0 ? (target, "") : (target[..mark], target[(mark + 1)..]);
    }

    private static string[] BasePathPrefixes(IReadOnlyDictionary<string, string> environment) =>
        environment.Values
            .Select(value => Uri.TryCreate(value, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                    ? uri.AbsolutePath.TrimEnd('/')
                    : "")
            .Where(prefix => prefix.Length > 0)
            .OrderByDescending(prefix => prefix.Length)
            .ToArray();

    private static string StripPrefix(string path, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (string.Equals(path, prefix, StringComparison.Ordinal))
            {
                return "/";
            }

            if (path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return path[prefix.Length..];
            }
        }

        return path;
    }
}
