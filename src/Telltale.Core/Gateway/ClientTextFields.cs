using System.Globalization;
using System.Text.Json;
using Telltale.Probing;

namespace Telltale.Gateway;

/// <summary>
/// The strings of a request body that carry text the client wrote, per API shape, with their paths.
/// <para>
/// Deliberately not included: model names, ids, roles, image and document data (base64 or URLs), thinking blocks
/// (Anthropic signs them; a changed byte would fail verification upstream), and tool-call arguments. Those arguments
/// are JSON inside a string, written by the model and echoed back: rewriting them would alter the record of what the
/// model asked for, and their text, when it matters, comes back in the tool result, which is rewritten.
/// </para>
/// </summary>
internal static class ClientTextFields
{
    private const string Description = "description";

    public static IEnumerable<(string Path, JsonElement Value)> Of(ApiShape shape, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return shape switch
        {
            ApiShape.AnthropicMessages => Anthropic(root),
            ApiShape.OpenAiChatCompletions => OpenAiChat(root),
            ApiShape.OpenAiResponses => OpenAiResponses(root),
            _ => [],
        };
    }

    private static IEnumerable<(string, JsonElement)> Anthropic(JsonElement root)
    {
        // system: a string or text blocks.
        foreach (var field in TextOrBlocks(root, "", "system", "text"))
        {
            yield return field;
        }

        foreach (var (messagePath, message) in Items(root, "", "messages"))
        {
            if (!Property(message, "content", out var content))
            {
                continue;
            }

            var contentPath = BodyFields.Member(messagePath, "content");
            if (content.ValueKind == JsonValueKind.String)
            {
                yield return (contentPath, content);
                continue;
            }

            foreach (var (blockPath, block) in Elements(content, contentPath))
            {
                switch (TypeOf(block))
                {
                    case "text":
                        foreach (var field in StringProperty(block, blockPath, "text"))
                        {
                            yield return field;
                        }

                        break;
                    case "tool_result":
                        foreach (var field in TextOrBlocks(block, blockPath, "content", "text"))
                        {
                            yield return field;
                        }

                        break;
                }
            }
        }

        foreach (var (toolPath, tool) in Items(root, "", "tools"))
        {
            foreach (var field in StringProperty(tool, toolPath, Description).Concat(SchemaDescriptions(tool, toolPath, "input_schema")))
            {
                yield return field;
            }
        }
    }

    private static IEnumerable<(string, JsonElement)> OpenAiChat(JsonElement root)
    {
        foreach (var (messagePath, message) in Items(root, "", "messages"))
        {
            foreach (var field in TextOrBlocks(message, messagePath, "content", "text"))
            {
                yield return field;
            }
        }

        foreach (var (toolPath, tool) in Items(root, "", "tools"))
        {
            if (Property(tool, "function", out var function) && function.ValueKind == JsonValueKind.Object)
            {
                var functionPath = BodyFields.Member(toolPath, "function");
                foreach (var field in StringProperty(function, functionPath, Description).Concat(SchemaDescriptions(function, functionPath, "parameters")))
                {
                    yield return field;
                }
            }
        }
    }

    private static IEnumerable<(string, JsonElement)> OpenAiResponses(JsonElement root)
    {
        foreach (var field in StringProperty(root, "", "instructions").Concat(StringProperty(root, "", "input")))
        {
            yield return field;
        }

        foreach (var (itemPath, item) in Items(root, "", "input"))
        {
            foreach (var field in TextOrBlocks(item, itemPath, "content", "input_text", "output_text", "text"))
            {
                yield return field;
            }

            if (TypeOf(item) == "function_call_output")
            {
                foreach (var field in StringProperty(item, itemPath, "output"))
                {
                    yield return field;
                }
            }
        }

        foreach (var (toolPath, tool) in Items(root, "", "tools"))
        {
            foreach (var field in StringProperty(tool, toolPath, Description).Concat(SchemaDescriptions(tool, toolPath, "parameters")))
            {
                yield return field;
            }
        }
    }

    /// <summary>A property that is a string, or an array of blocks whose type is one of <paramref name="textTypes"/> and whose <c>text</c> is a string.</summary>
    private static IEnumerable<(string, JsonElement)> TextOrBlocks(JsonElement owner, string ownerPath, string name, params string[] textTypes)
    {
        if (!Property(owner, name, out var value))
        {
            yield break;
        }

        var path = BodyFields.Member(ownerPath, name);
        if (value.ValueKind == JsonValueKind.String)
        {
            yield return (path, value);
            yield break;
        }

        foreach (var (blockPath, block) in Elements(value, path))
        {
            if (TypeOf(block) is { } type && textTypes.Contains(type))
            {
                foreach (var field in StringProperty(block, blockPath, "text"))
                {
                    yield return field;
                }
            }
        }
    }

    /// <summary>Every string-valued <c>description</c> inside a JSON Schema, at any depth: each is text the model reads.</summary>
    private static IEnumerable<(string, JsonElement)> SchemaDescriptions(JsonElement owner, string ownerPath, string name)
    {
        if (!Property(owner, name, out var schema))
        {
            yield break;
        }

        var pending = new Stack<(string Path, JsonElement Element)>();
        pending.Push((BodyFields.Member(ownerPath, name), schema));
        while (pending.Count > 0)
        {
            var (path, element) = pending.Pop();
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    var propertyPath = BodyFields.Member(path, property.Name);
                    if (property.Name == Description && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return (propertyPath, property.Value);
                    }
                    else
                    {
                        pending.Push((propertyPath, property.Value));
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in Elements(element, path))
                {
                    pending.Push(item);
                }
            }
        }
    }

    private static IEnumerable<(string, JsonElement)> StringProperty(JsonElement owner, string ownerPath, string name)
    {
        if (Property(owner, name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            yield return (BodyFields.Member(ownerPath, name), value);
        }
    }

    private static IEnumerable<(string Path, JsonElement Element)> Items(JsonElement owner, string ownerPath, string name) =>
        Property(owner, name, out var value) ? Elements(value, BodyFields.Member(ownerPath, name)) : [];

    private static IEnumerable<(string Path, JsonElement Element)> Elements(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            yield return (path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", item);
            index++;
        }
    }

    private static bool Property(JsonElement owner, string name, out JsonElement value)
    {
        value = default;
        return owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out value);
    }

    private static string? TypeOf(JsonElement block) =>
        Property(block, "type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
}
