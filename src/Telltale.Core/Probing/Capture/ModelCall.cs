using System.Text.Json;

namespace Telltale.Probing.Capture;

/// <summary>
/// The few things a fake answer echoes from the request: the model asked for, whether it asked for a
/// stream, and a token count to report. Anything unreadable gives the defaults, so a malformed or
/// truncated body still gets a well-formed answer.
/// </summary>
internal sealed record ModelCall(string? Model, bool Stream, bool IncludeUsage, int InputTokens)
{
    public static ModelCall From(string body)
    {
        // About four characters a token: good enough for a client that only displays or sums it.
        var inputTokens = Math.Max(1, body.Length / 4);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ModelCall(null, false, false, inputTokens);
            }

            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            var includeUsage = root.TryGetProperty("stream_options", out var o)
                && o.ValueKind == JsonValueKind.Object
                && o.TryGetProperty("include_usage", out var u)
                && u.ValueKind == JsonValueKind.True;
            return new ModelCall(model, stream, includeUsage, inputTokens);
        }
        catch (JsonException)
        {
            return new ModelCall(null, false, false, inputTokens);
        }
    }
}
