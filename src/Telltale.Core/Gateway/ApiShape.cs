namespace Telltale.Gateway;

/// <summary>The request shapes whose client-written text <see cref="LlmRequestRewriter"/> knows how to find.</summary>
public enum ApiShape
{
    /// <summary>A path the rewriter does not know; the body is passed through untouched.</summary>
    Unknown,

    /// <summary>Anthropic Messages, <c>POST /v1/messages</c>.</summary>
    AnthropicMessages,

    /// <summary>OpenAI Chat Completions, <c>POST /v1/chat/completions</c>.</summary>
    OpenAiChatCompletions,

    /// <summary>OpenAI Responses, <c>POST /v1/responses</c>.</summary>
    OpenAiResponses,
}
