using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Telltale.Probing.Capture;

/// <summary>Writes <c>text/event-stream</c> answers the way the model APIs do, one flushed event at a time.</summary>
internal static class ServerSentEvents
{
    public static void Begin(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
    }

    /// <summary>One event: an <c>event:</c> line when named (Anthropic, OpenAI Responses), then its <c>data:</c> line.</summary>
    public static Task WriteAsync(HttpResponse response, string? eventName, JsonNode data, CancellationToken cancellationToken) =>
        WriteRawAsync(response, eventName, data.ToJsonString(), cancellationToken);

    /// <summary>An event whose data is not JSON, such as Chat Completions' closing <c>[DONE]</c>.</summary>
    public static async Task WriteRawAsync(HttpResponse response, string? eventName, string data, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (eventName is not null)
        {
            text.Append("event: ").Append(eventName).Append('\n');
        }

        text.Append("data: ").Append(data).Append("\n\n");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);

        // Streaming clients act on each event as it comes; holding them back would test a different program.
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
