using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Telltale.Probing.Capture;

/// <summary>
/// Chooses an answer by method and path alone. The host is ignored on purpose: the same API shape is served
/// under many names (api.anthropic.com, api.deepseek.com/anthropic, gateways), and a tool must finish
/// whichever it was configured for. Paths are matched by their end so base URLs with a prefix
/// (<c>/anthropic/v1/messages</c>, DeepSeek's <c>/chat/completions</c> without <c>/v1</c>) are answered too.
/// </summary>
internal sealed class FakeApiResponder(string reply, TimeProvider time)
{
    public async Task RespondAsync(HttpContext context, string body, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var path = (request.Path.Value ?? "/").TrimEnd('/').ToLowerInvariant();
        var created = time.GetUtcNow().ToUnixTimeSeconds();

        if (HttpMethods.IsPost(request.Method))
        {
            if (path.EndsWith("/messages/count_tokens", StringComparison.Ordinal))
            {
                await AnthropicReplies.CountTokensAsync(context, ModelCall.From(body), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (path.EndsWith("/messages", StringComparison.Ordinal))
            {
                await AnthropicReplies.MessageAsync(context, ModelCall.From(body), reply, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
            {
                await OpenAiReplies.ChatCompletionAsync(context, ModelCall.From(body), reply, created, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (path.EndsWith("/responses", StringComparison.Ordinal))
            {
                await OpenAiReplies.ResponseAsync(context, ModelCall.From(body), reply, created, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (HttpMethods.IsGet(request.Method) && path.EndsWith("/models", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context.Response, Models(created), cancellationToken).ConfigureAwait(false);
            return;
        }

        // Claude Code validates its policy answer ({restrictions: {...}}) and retries for seconds on `{}`.
        if (path.EndsWith("/policy_limits", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context.Response, new JsonObject { ["restrictions"] = new JsonObject() }, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Telemetry, feature flags, update checks: an empty JSON object is the answer least likely to make a
        // tool fail or retry, whatever it expected.
        if (HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            return;
        }

        await WriteJsonAsync(context.Response, new JsonObject(), cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteJsonAsync(HttpResponse response, JsonNode json, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One list readable as both OpenAI's and Anthropic's model list: each side reads its own fields and
    /// ignores the other's.
    /// </summary>
    private static JsonObject Models(long created)
    {
        string[] ids = ["claude-telltale", "gpt-telltale"];
        var createdAt = DateTimeOffset.FromUnixTimeSeconds(created).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var data = new JsonArray();
        foreach (var id in ids)
        {
            data.Add(new JsonObject
            {
                ["id"] = id,
                ["object"] = "model",
                ["type"] = "model",
                ["created"] = created,
                ["created_at"] = createdAt,
                ["owned_by"] = "telltale",
                ["display_name"] = id,
            });
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["has_more"] = false,
            ["first_id"] = ids[0],
            ["last_id"] = ids[^1],
        };
    }
}
