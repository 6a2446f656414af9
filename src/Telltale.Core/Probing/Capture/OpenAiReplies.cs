using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Telltale.Probing.Capture;

/// <summary>
/// Answers in the shape of OpenAI's Chat Completions and Responses APIs, streamed or not. Many providers
/// (DeepSeek, local servers, gateways) copy Chat Completions, so tools pointed at any of them finish too.
/// </summary>
internal static class OpenAiReplies
{
    private const string DefaultModel = "gpt-telltale";

    public static async Task ChatCompletionAsync(HttpContext context, ModelCall call, string reply, long created, CancellationToken cancellationToken)
    {
        var id = ReplyText.NewId("chatcmpl-");
        var model = call.Model ?? DefaultModel;
        var outputTokens = ReplyText.OutputTokens(reply);
        var response = context.Response;
        response.Headers["x-request-id"] = ReplyText.NewId("req_");

        if (!call.Stream)
        {
            var completion = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply, ["refusal"] = null },
                    ["logprobs"] = null,
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = ChatUsage(call.InputTokens, outputTokens),
                ["system_fingerprint"] = null,
            };
            await FakeApiResponder.WriteJsonAsync(response, completion, cancellationToken).ConfigureAwait(false);
            return;
        }

        ServerSentEvents.Begin(response);
        await SendAsync(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, finishReason: null).ConfigureAwait(false);
        foreach (var delta in ReplyText.Deltas(reply))
        {
            await SendAsync(new JsonObject { ["content"] = delta }, finishReason: null).ConfigureAwait(false);
        }

        await SendAsync(new JsonObject(), "stop").ConfigureAwait(false);

        // The API sends usage only when asked, in a last chunk with no choices; clients that asked wait for it.
        if (call.IncludeUsage)
        {
            var usageChunk = Chunk(id, model, created, []);
            usageChunk["usage"] = ChatUsage(call.InputTokens, outputTokens);
            await ServerSentEvents.WriteAsync(response, null, usageChunk, cancellationToken).ConfigureAwait(false);
        }

        await ServerSentEvents.WriteRawAsync(response, null, "[DONE]", cancellationToken).ConfigureAwait(false);

        Task SendAsync(JsonObject delta, string? finishReason) =>
            ServerSentEvents.WriteAsync(response, null, Chunk(id, model, created, new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = delta,
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            })), cancellationToken);
    }

    public static async Task ResponseAsync(HttpContext context, ModelCall call, string reply, long created, CancellationToken cancellationToken)
    {
        var id = ReplyText.NewId("resp_");
        var itemId = ReplyText.NewId("msg_");
        var model = call.Model ?? DefaultModel;
        var outputTokens = ReplyText.OutputTokens(reply);
        var response = context.Response;
        response.Headers["x-request-id"] = ReplyText.NewId("req_");

        if (!call.Stream)
        {
            var done = Response(id, model, created, "completed", new JsonArray(MessageItem(itemId, "completed", new JsonArray(OutputText(reply)))), ResponseUsage(call.InputTokens, outputTokens));
            await FakeApiResponder.WriteJsonAsync(response, done, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The full event sequence, not just created/delta/completed: agents such as Codex build their
        // transcript from the output_item events and would otherwise see an empty answer.
        ServerSentEvents.Begin(response);
        var sequence = 0;
        await SendAsync("response.created", new JsonObject { ["response"] = Response(id, model, created, "in_progress", [], usage: null) }).ConfigureAwait(false);
        await SendAsync("response.in_progress", new JsonObject { ["response"] = Response(id, model, created, "in_progress", [], usage: null) }).ConfigureAwait(false);
        await SendAsync("response.output_item.added", new JsonObject
        {
            ["output_index"] = 0,
            ["item"] = MessageItem(itemId, "in_progress", []),
        }).ConfigureAwait(false);
        await SendAsync("response.content_part.added", Part(OutputText(string.Empty))).ConfigureAwait(false);
        foreach (var delta in ReplyText.Deltas(reply))
        {
            var deltaEvent = Part(null);
            deltaEvent["delta"] = delta;
            await SendAsync("response.output_text.delta", deltaEvent).ConfigureAwait(false);
        }

        var textDone = Part(null);
        textDone["text"] = reply;
        await SendAsync("response.output_text.done", textDone).ConfigureAwait(false);
        await SendAsync("response.content_part.done", Part(OutputText(reply))).ConfigureAwait(false);
        await SendAsync("response.output_item.done", new JsonObject
        {
            ["output_index"] = 0,
            ["item"] = MessageItem(itemId, "completed", new JsonArray(OutputText(reply))),
        }).ConfigureAwait(false);
        await SendAsync("response.completed", new JsonObject
        {
            ["response"] = Response(id, model, created, "completed", new JsonArray(MessageItem(itemId, "completed", new JsonArray(OutputText(reply)))), ResponseUsage(call.InputTokens, outputTokens)),
        }).ConfigureAwait(false);

        JsonObject Part(JsonObject? part)
        {
            var data = new JsonObject { ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0 };
            if (part is not null)
            {
                data["part"] = part;
            }

            return data;
        }

        Task SendAsync(string name, JsonObject data)
        {
            var typed = new JsonObject { ["type"] = name, ["sequence_number"] = sequence++ };
            foreach (var (key, value) in data.ToList())
            {
                data.Remove(key);
                typed[key] = value;
            }

            return ServerSentEvents.WriteAsync(response, name, typed, cancellationToken);
        }
    }

    private static JsonObject Chunk(string id, string model, long created, JsonArray choices) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["system_fingerprint"] = null,
        ["choices"] = choices,
    };

    private static JsonObject ChatUsage(int inputTokens, int outputTokens) => new()
    {
        ["prompt_tokens"] = inputTokens,
        ["completion_tokens"] = outputTokens,
        ["total_tokens"] = inputTokens + outputTokens,
    };

    private static JsonObject Response(string id, string model, long created, string status, JsonArray output, JsonObject? usage) => new()
    {
        ["id"] = id,
        ["object"] = "response",
        ["created_at"] = created,
        ["status"] = status,
        ["error"] = null,
        ["incomplete_details"] = null,
        ["model"] = model,
        ["output"] = output,
        ["parallel_tool_calls"] = true,
        ["tool_choice"] = "auto",
        ["tools"] = new JsonArray(),
        ["text"] = new JsonObject { ["format"] = new JsonObject { ["type"] = "text" } },
        ["usage"] = usage,
    };

    private static JsonObject MessageItem(string itemId, string status, JsonArray content) => new()
    {
        ["id"] = itemId,
        ["type"] = "message",
        ["status"] = status,
        ["role"] = "assistant",
        ["content"] = content,
    };

    private static JsonObject OutputText(string text) => new()
    {
        ["type"] = "output_text",
        ["text"] = text,
        ["annotations"] = new JsonArray(),
    };

    private static JsonObject ResponseUsage(int inputTokens, int outputTokens) => new()
    {
        ["input_tokens"] = inputTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        ["output_tokens"] = outputTokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
        ["total_tokens"] = inputTokens + outputTokens,
    };
}
