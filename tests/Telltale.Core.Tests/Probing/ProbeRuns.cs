using System.Text.Json;
using Telltale.Probing;

namespace Telltale.Tests.Probing;

/// <summary>Builds synthetic runs and captured requests, so each test states exactly what the tool sent.</summary>
internal static class ProbeRuns
{
    public const string Messages = "/v1/messages";

    public static IReadOnlyDictionary<string, string> Environment(params (string Name, string Value)[] factors) =>
        factors.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);

    public static CapturedRequest Request(
        int sequence,
        string body,
        string path = Messages,
        string method = "POST",
        string host = "api.anthropic.com",
        string contentType = "application/json",
        params (string Name, string Value)[] headers)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["content-type"] = contentType,
            ["content-length"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in headers)
        {
            all[name] = value;
        }

        return new CapturedRequest(sequence, method, host, path, all, body, DateTimeOffset.UnixEpoch.AddSeconds(sequence));
    }

    /// <summary>The runs of one variant: <paramref name="requests"/> is asked for each repeat's requests.</summary>
    public static IEnumerable<ProbeRun> Repeats(
        string variant,
        IReadOnlyDictionary<string, string> environment,
        Func<int, IReadOnlyList<CapturedRequest>> requests,
        int repeats = 2) =>
        Enumerable.Range(0, repeats)
            .Select(repeat => new ProbeRun(variant, repeat, environment, 0, "", "", requests(repeat)));

    /// <summary>A messages body with one text block per system entry and one user message.</summary>
    public static string MessagesBody(IEnumerable<string> system, string user, string? userId = null) =>
        JsonSerializer.Serialize(new
        {
            model = "claude-sonnet-4-5",
            system = system.Select(text => new { type = "text", text }).ToArray(),
            messages = new[] { new { role = "user", content = new[] { new { type = "text", text = user } } } },
            metadata = new { user_id = userId ?? "fixed" },
        });
}
