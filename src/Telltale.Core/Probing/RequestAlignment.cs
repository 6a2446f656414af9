using System.Text.Json;
using Telltale.Probing.Matrix;

namespace Telltale.Probing;

/// <summary>
/// Gives each request of a run a key that matches the same request in the other runs, by what the tool asked for:
/// the method, the path relative to the API the tool called, and, among several requests to one endpoint, the
/// request of the first run to call that endpoint that it resembles most.
/// <para>
/// The host is left out, since variants point the tool at other hosts, and so is the part of a request's path that a
/// variant's base URL put there (<c>ANTHROPIC_BASE_URL=https://api.deepseek.com/anthropic</c> moves <c>/v1/messages</c>
/// to <c>/anthropic/v1/messages</c>) — but only for a request sent to that base URL's host, and only beyond the path the
/// variable carries by convention (<see cref="BaseUrlConvention"/>): a script that calls <c>api.anthropic.com</c>
/// itself is unmoved by whatever <c>OPENAI_BASE_URL</c> says.
/// </para>
/// <para>
/// Requests to one endpoint are paired by content (<see cref="ArrayAlignment"/>'s similarity over the JSON body), not by
/// arrival: two requests sent at once arrive in either order, and a retry or a poll shifts the ones after it. A run's
/// requests beyond its reference's get the next occurrence numbers, and a call repeating an earlier one of its run word
/// for word the numbers after those. The body's shape decides only which request pairs
/// with which, never whether two requests are compared: a key that changed with the shape would let a tool hide a
/// changed character behind one extra field.
/// </para>
/// </summary>
internal static class RequestAlignment
{
    /// <summary>Above this many request pairs per endpoint the requests are paired in order: scoring each pair would cost too much.</summary>
    public const int MaxScoredPairs = 2_500;

    /// <summary>
    /// The requests of each run under their keys, in the order each run made them. The first run to call an endpoint
    /// is what later runs' requests to it are paired with, so the baseline's runs should come first.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<AlignedRequest>> Align(IReadOnlyList<ProbeRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var references = new Dictionary<(string Method, string Path), Endpoint>();
        var aligned = new List<IReadOnlyList<AlignedRequest>>(runs.Count);
        foreach (var run in runs)
        {
            var ordered = run.Requests.OrderBy(r => r.Sequence).ToArray();
            var keys = new RequestKey[ordered.Length];
            var calls = ordered
                .Select((request, index) => (Index: index, Method: request.Method.ToUpperInvariant(), Path: RelativePath(request, run.Environment)))
                .GroupBy(call => (call.Method, call.Path));
            foreach (var endpoint in calls)
            {
                // A call that repeats an earlier one word for word (a retry, a poll) is numbered after the rest and
                // paired with nothing: how many there are is timing.
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var members = endpoint.Select(call => call.Index).ToArray();
                var distinct = members.Where(index => seen.Add(Content(ordered[index]))).ToArray();
                var repeats = members.Except(distinct).ToArray();
                int[] occurrences;
                if (!references.TryGetValue(endpoint.Key, out var reference))
                {
                    references.Add(endpoint.Key, reference = new Endpoint([.. distinct.Select(index => ordered[index])]));
                    occurrences = [.. Enumerable.Range(0, distinct.Length)];
                }
                else
                {
                    occurrences = Pair(reference, [.. distinct.Select(index => ordered[index])]);
                }

                for (var i = 0; i < distinct.Length; i++)
                {
                    keys[distinct[i]] = new RequestKey(endpoint.Key.Method, endpoint.Key.Path, occurrences[i]);
                }

                var next = Math.Max(reference.Requests.Length, occurrences.DefaultIfEmpty(-1).Max() + 1);
                foreach (var index in repeats)
                {
                    keys[index] = new RequestKey(endpoint.Key.Method, endpoint.Key.Path, next++);
                }
            }

            aligned.Add([.. ordered.Select((request, index) => new AlignedRequest(keys[index], request))]);
        }

        return aligned;
    }

    /// <summary>One run's requests under their keys, each endpoint's requests numbered in the order they were made.</summary>
    public static IReadOnlyList<AlignedRequest> Align(ProbeRun run) => Align([run])[0];

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

    /// <summary>
    /// The request's path without what a base URL of the run's environment put in front of it: of the base URLs naming
    /// the host the request went to, the longest whose extra path (beyond its variable's conventional API path) starts
    /// the request's path.
    /// </summary>
    internal static string RelativePath(CapturedRequest request, IReadOnlyDictionary<string, string> environment)
    {
        var path = SplitTarget(request.Path).Path;
        var host = request.Host.ToLowerInvariant();
        var prefixes = environment
            .Select(variable => ExtraPath(variable.Key, variable.Value, host))
            .Where(prefix => prefix.Length > 0)
            .OrderByDescending(prefix => prefix.Length)
            .ThenBy(prefix => prefix, StringComparer.Ordinal);
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

    /// <summary>The path a base URL adds before its variable's conventional API path, when it names <paramref name="host"/>.</summary>
    private static string ExtraPath(string variable, string value, string host)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.Equals(uri.IdnHost, host, StringComparison.OrdinalIgnoreCase))
        {
            return "";
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        var conventional = BaseUrlConvention.ApiPath(variable);
        return conventional.Length > 0 && path.EndsWith(conventional, StringComparison.Ordinal)
            ? path[..^conventional.Length]
            : path;
    }

    /// <summary>
    /// For each request of <paramref name="requests"/>, the occurrence number of its counterpart among
    /// <paramref name="reference"/>: the most alike pairs first (ties to the closest positions), the rest numbered after
    /// the reference's requests in the order they were made.
    /// </summary>
    private static int[] Pair(Endpoint reference, IReadOnlyList<CapturedRequest> requests)
    {
        var m = reference.Requests.Length;
        var n = requests.Count;
        var occurrences = new int[n];
        var taken = new bool[m];
        Array.Fill(occurrences, -1);
        if (m * n == 1)
        {
            occurrences[0] = 0;
            taken[0] = true;
        }
        else if ((long)m * n <= MaxScoredPairs)
        {
            var shapes = requests.Select(RequestShape.Of).ToArray();
            var pairs = new List<(double Score, int Reference, int Request)>(m * n);
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    pairs.Add((reference.Shape(i).Similarity(shapes[j]), i, j));
                }
            }

            foreach (var (_, i, j) in pairs
                .OrderByDescending(p => p.Score)
                .ThenBy(p => Math.Abs(p.Reference - p.Request))
                .ThenBy(p => p.Reference)
                .ThenBy(p => p.Request))
            {
                if (!taken[i] && occurrences[j] < 0)
                {
                    taken[i] = true;
                    occurrences[j] = i;
                }
            }
        }
        else
        {
            for (var j = 0; j < Math.Min(m, n); j++)
            {
                occurrences[j] = j;
            }
        }

        var next = m;
        for (var j = 0; j < n; j++)
        {
            if (occurrences[j] < 0)
            {
                occurrences[j] = next++;
            }
        }

        return occurrences;
    }

    /// <summary>What a call asks for beyond its endpoint: its query and body (headers carry request ids and retry counts).</summary>
    private static string Content(CapturedRequest request) => SplitTarget(request.Path).Query + "\n" + request.Body;

    /// <summary>The requests of the first run to call an endpoint; their shapes are made only when there is something to pair.</summary>
    private sealed class Endpoint(CapturedRequest[] requests)
    {
        private readonly RequestShape?[] _shapes = new RequestShape?[requests.Length];

        public CapturedRequest[] Requests { get; } = requests;

        public RequestShape Shape(int index) => _shapes[index] ??= RequestShape.Of(Requests[index]);
    }

    /// <summary>What a request is compared by when it is paired: its JSON body's leaves, or else its body and query as text.</summary>
    private sealed class RequestShape
    {
        private readonly string _text;
        private readonly Dictionary<string, string>? _leaves;

        private RequestShape(string text, Dictionary<string, string>? leaves)
        {
            _text = text;
            _leaves = leaves;
        }

        public static RequestShape Of(CapturedRequest request)
        {
            var text = Content(request);
            using var body = BodyFields.Parse(request);
            return new RequestShape(text, body is null ? null : ArrayAlignment.Leaves(body.RootElement));
        }

        public double Similarity(RequestShape other) =>
            string.Equals(_text, other._text, StringComparison.Ordinal) ? 1
            : _leaves is not null && other._leaves is not null ? ArrayAlignment.LeafSimilarity(_leaves, other._leaves)
            : ArrayAlignment.TextSimilarity(_text, other._text);
    }
}
