using System.Text.Json.Nodes;

namespace Telltale.Gateway;

/// <summary>
/// The error bodies the gateway answers with itself, in the shape of the API the client is calling, so an SDK shows the
/// message instead of failing to parse it: Anthropic's <c>{"type":"error","error":{…}}</c> on the Messages path, OpenAI's
/// <c>{"error":{…}}</c> everywhere else.
/// </summary>
internal static class ApiErrorBody
{
    public static JsonObject Create(ApiShape shape, string type, string message, JsonObject? telltale = null)
    {
        var error = shape == ApiShape.AnthropicMessages
            ? new JsonObject { ["type"] = type, ["message"] = message }
            : new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = null };
        if (telltale is not null)
        {
            // The entry's own fields, for clients that show more than the message.
            error["telltale"] = telltale;
        }

        return shape == ApiShape.AnthropicMessages
            ? new JsonObject { ["type"] = "error", ["error"] = error }
            : new JsonObject { ["error"] = error };
    }

    /// <summary>Anthropic's name for a 403 is permission_error; OpenAI's SDKs map any 403 to PermissionDeniedError whatever the type says.</summary>
    public static string TypeFor(int status) => status switch
    {
        403 => "permission_error",
        413 => "request_too_large",
        _ => "invalid_request_error",
    };
}
