using System.Text;
using Telltale.Gateway;

namespace Telltale.Tests.Gateway;

/// <summary>
/// Request bodies of the three API shapes with one text in every client-written field, and the JSON paths of those
/// fields in document order. Strings are escaped minimally (quote, backslash, controls) as any JSON client may.
/// </summary>
internal static class RequestBodies
{
    public const string Text = "@TEXT@";

    public static readonly ApiShape[] Shapes = [ApiShape.AnthropicMessages, ApiShape.OpenAiChatCompletions, ApiShape.OpenAiResponses];

    private const string Anthropic = """
        {"model":"claude-sonnet-4-5","max_tokens":1024,"system":[{"type":"text","text":@TEXT@,"cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":@TEXT@},
          {"role":"assistant","content":[{"type":"thinking","thinking":"Today\u2019s","signature":"c2ln"},{"type":"text","text":@TEXT@},{"type":"tool_use","id":"toolu_01","name":"read","input":{"path":"p\u0430th.txt"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":[{"type":"text","text":@TEXT@}]},
            {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}],
         "tools":[{"name":"read","description":@TEXT@,"input_schema":{"type":"object","properties":{"path":{"type":"string","description":@TEXT@}}}}]}
        """;

    private const string OpenAiChat = """
        {"model":"gpt-5","messages":[{"role":"system","content":@TEXT@},
          {"role":"user","content":[{"type":"text","text":@TEXT@},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"read","arguments":"{\"path\":\"Today\u2019s.txt\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":@TEXT@}],
         "tools":[{"type":"function","function":{"name":"read","description":@TEXT@,"parameters":{"type":"object","properties":{"path":{"type":"string","description":@TEXT@}}}}}]}
        """;

    private const string OpenAiResponses = """
        {"model":"gpt-5","instructions":@TEXT@,
         "input":[{"role":"user","content":[{"type":"input_text","text":@TEXT@},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]},
          {"type":"message","role":"assistant","content":[{"type":"output_text","text":@TEXT@}]},
          {"type":"function_call","call_id":"call_1","name":"read","arguments":"{\"path\":\"Today\u2019s.txt\"}"},
          {"type":"function_call_output","call_id":"call_1","output":@TEXT@}],
         "tools":[{"type":"function","name":"read","description":@TEXT@,"parameters":{"type":"object","properties":{"path":{"type":"string","description":@TEXT@}}}}]}
        """;

    public static string PathOf(ApiShape shape) => shape switch
    {
        ApiShape.AnthropicMessages => "/v1/messages",
        ApiShape.OpenAiChatCompletions => "/v1/chat/completions",
        ApiShape.OpenAiResponses => "/v1/responses",
        _ => "/v1/unknown",
    };

    public static string[] FieldPaths(ApiShape shape) => shape switch
    {
        ApiShape.AnthropicMessages =>
        [
            "$.system[0].text", "$.messages[0].content", "$.messages[1].content[1].text", "$.messages[2].content[0].content[0].text",
            "$.tools[0].description", "$.tools[0].input_schema.properties.path.description",
        ],
        ApiShape.OpenAiChatCompletions =>
        [
            "$.messages[0].content", "$.messages[1].content[0].text", "$.messages[3].content",
            "$.tools[0].function.description", "$.tools[0].function.parameters.properties.path.description",
        ],
        _ =>
        [
            "$.instructions", "$.input[0].content[0].text", "$.input[1].content[0].text", "$.input[3].output",
            "$.tools[0].description", "$.tools[0].parameters.properties.path.description",
        ],
    };

    public static byte[] Body(ApiShape shape, string text)
    {
        var template = shape switch
        {
            ApiShape.AnthropicMessages => Anthropic,
            ApiShape.OpenAiChatCompletions => OpenAiChat,
            _ => OpenAiResponses,
        };
        return Encoding.UTF8.GetBytes(template.Replace(Text, JsonString(text), StringComparison.Ordinal));
    }

    public static string JsonString(string text)
    {
        var escaped = new StringBuilder("\"");
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return escaped.Append('"').ToString();
    }
}
