using System.Text.Json.Nodes;

namespace Telltale.Tests;

/// <summary>Decision lines as <c>telltale gateway</c> writes them (docs/gateway.md, "The decision log"), and the batch a gateway posts.</summary>
internal static class GatewayDecisionLines
{
    public const string ClaudeCode = "npm:@anthropic-ai/claude-code";

    public static JsonObject Line(string requestId, string action = "normalised", string version = "2.1.91", string time = "2026-12-07T02:29:26.721Z") => new()
    {
        ["time"] = time,
        ["requestId"] = requestId,
        ["mode"] = "normalise",
        ["method"] = "POST",
        ["route"] = "/v1/messages",
        ["api"] = "AnthropicMessages",
        ["client"] = new JsonObject
        {
            ["userAgent"] = $"claude-cli/{version} (external, cli)",
            ["app"] = "cli",
            ["package"] = ClaudeCode,
            ["version"] = version,
            ["address"] = "127.0.0.1",
        },
        ["changes"] = new JsonArray(new JsonObject
        {
            ["path"] = "$.messages[0].content",
            ["offset"] = 5,
            ["before"] = "U+2019",
            ["after"] = "U+0027",
            ["reason"] = "LookAlike",
        }),
        ["action"] = action,
        ["status"] = 200,
    };

    public static string Batch(string gateway, params JsonObject[] lines) =>
        new JsonObject { ["gateway"] = gateway, ["decisions"] = new JsonArray(lines.Select(l => (JsonNode?)l.DeepClone()).ToArray()) }.ToJsonString();
}
