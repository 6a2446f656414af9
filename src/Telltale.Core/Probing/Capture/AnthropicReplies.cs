using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Telltale.Probing.Capture;

/// <summary>
/// Answers in the shape of Anthropic's Messages API, streamed or not, so an agent built on it ends its turn
/// normally. The answer is always text and always <c>end_turn</c>, even when the request offered or forced
/// tools: the probe wants the tool to finish, not to act.
/// </summary>
internal static class AnthropicReplies
{
    private const string DefaultModel = "claude-telltale";

    public static async Task MessageAsync(HttpContext context, ModelCall call, string reply, CancellationToken cancellationToken)
    {
        var id = ReplyText.NewId("msg_");
        var model = call.Model ?? DefaultModel;
        var outputTokens = ReplyText.OutputTokens(reply);
        context.Response.Headers["request-id"] = ReplyText.NewId("req_");

        if (!call.Stream)
        {
            var message = Message(id, model, new JsonArray(TextBlock(reply)), "end_turn", Usage(call.InputTokens, outputTokens));
            await FakeApiResponder.WriteJsonAsync(context.Response, message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        ServerSentEvents.Begin(response);

        // Every event names itself twice, in the event line and as "type", as the real API does: SDKs switch on either.
        await SendAsync("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = Message(id, model, [], stopReason: null, Usage(call.InputTokens, outputTokens: 1)),
        }).ConfigureAwait(false);
        await SendAsync("content_block_start", new JsonObject
        {
            ["type"] = "content_block_start",
            ["index"] = 0,
            ["content_block"] = TextBlock(string.Empty),
        }).ConfigureAwait(false);
        foreach (var delta in ReplyText.Deltas(reply))
        {
            await SendAsync("content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = delta },
            }).ConfigureAwait(false);
        }

        await SendAsync("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 }).ConfigureAwait(false);
        await SendAsync("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = outputTokens },
        }).ConfigureAwait(false);
        await SendAsync("message_stop", new JsonObject { ["type"] = "message_stop" }).ConfigureAwait(false);

        Task SendAsync(string name, JsonObject data) => ServerSentEvents.WriteAsync(response, name, data, cancellationToken);
    }

    public static Task CountTokensAsync(HttpContext context, ModelCall call, CancellationToken cancellationToken)
    {
        context.Response.Headers["request-id"] = ReplyText.NewId("req_");
        return FakeApiResponder.WriteJsonAsync(context.Response, new JsonObject { ["input_tokens"] = call.InputTokens }, cancellationToken);
    }

    private static JsonObject Message(string id, string model, JsonArray content, string? stopReason, JsonObject usage) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = usage,
    };

    private static JsonObject TextBlock(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Usage(int inputTokens, int outputTokens) => new()
    {
        ["input_tokens"] = inputTokens,
        ["cache_creation_input_tokens"] = 0,
        ["cache_read_input_tokens"] = 0,
        ["output_tokens"] = outputTokens,
    };
}
