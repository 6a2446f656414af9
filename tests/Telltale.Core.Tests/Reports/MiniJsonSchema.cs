using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telltale.Tests.Reports;

/// <summary>
/// Just enough of JSON Schema 2020-12 to check the report against <c>docs/report.schema.json</c> without a
/// validation package: <c>$ref</c> to <c>#/$defs/…</c>, type, const, enum, required, properties,
/// additionalProperties, items, minimum, maximum, minLength and pattern. Any other keyword is an error, so
/// the schema cannot quietly rely on something this does not check.
/// </summary>
internal sealed class MiniJsonSchema
{
    private static readonly HashSet<string> Annotations =
        ["$schema", "$id", "$defs", "title", "description", "format", "$comment"];

    private readonly JsonElement _root;

    public MiniJsonSchema(JsonElement root) => _root = root;

    /// <summary>Every violation, as "path: problem"; empty when the instance is valid.</summary>
    public List<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Validate(_root, instance, "$", errors);
        return errors;
    }

    private void Validate(JsonElement schema, JsonElement instance, string path, List<string> errors)
    {
        foreach (JsonProperty keyword in schema.EnumerateObject())
        {
            JsonElement value = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Validate(Resolve(value.GetString()!), instance, path, errors);
                    break;
                case "type":
                    IEnumerable<string> types = value.ValueKind == JsonValueKind.Array
                        ? value.EnumerateArray().Select(t => t.GetString()!)
                        : [value.GetString()!];
                    if (!types.Any(t => HasType(instance, t)))
                    {
                        errors.Add($"{path}: expected {value.GetRawText()}, found {instance.ValueKind}");
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(value, instance))
                    {
                        errors.Add($"{path}: expected {value.GetRawText()}, found {instance.GetRawText()}");
                    }

                    break;
                case "enum":
                    if (!value.EnumerateArray().Any(v => JsonElement.DeepEquals(v, instance)))
                    {
                        errors.Add($"{path}: {instance.GetRawText()} is not one of {value.GetRawText()}");
                    }

                    break;
                case "required":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (JsonElement name in value.EnumerateArray())
                        {
                            if (!instance.TryGetProperty(name.GetString()!, out _))
                            {
                                errors.Add($"{path}: missing required '{name.GetString()}'");
                            }
                        }
                    }

                    break;
                case "properties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (JsonProperty property in value.EnumerateObject())
                        {
                            if (instance.TryGetProperty(property.Name, out JsonElement child))
                            {
                                Validate(property.Value, child, $"{path}.{property.Name}", errors);
                            }
                        }
                    }

                    break;
                case "additionalProperties":
                    if (instance.ValueKind == JsonValueKind.Object && value.ValueKind == JsonValueKind.False)
                    {
                        JsonElement declared = schema.TryGetProperty("properties", out JsonElement p) ? p : default;
                        foreach (JsonProperty property in instance.EnumerateObject())
                        {
                            if (declared.ValueKind != JsonValueKind.Object || !declared.TryGetProperty(property.Name, out _))
                            {
                                errors.Add($"{path}: property '{property.Name}' is not in the schema");
                            }
                        }
                    }
                    else if (value.ValueKind != JsonValueKind.False)
                    {
                        throw new NotSupportedException("additionalProperties other than false");
                    }

                    break;
                case "items":
                    if (instance.ValueKind == JsonValueKind.Array)
                    {
                        int index = 0;
                        foreach (JsonElement item in instance.EnumerateArray())
                        {
                            Validate(value, item, $"{path}[{index++}]", errors);
                        }
                    }

                    break;
                case "minimum":
                    if (instance.ValueKind == JsonValueKind.Number && instance.GetDouble() < value.GetDouble())
                    {
                        errors.Add($"{path}: {instance.GetRawText()} is below {value.GetRawText()}");
                    }

                    break;
                case "maximum":
                    if (instance.ValueKind == JsonValueKind.Number && instance.GetDouble() > value.GetDouble())
                    {
                        errors.Add($"{path}: {instance.GetRawText()} is above {value.GetRawText()}");
                    }

                    break;
                case "minLength":
                    if (instance.ValueKind == JsonValueKind.String && instance.GetString()!.Length < value.GetInt32())
                    {
                        errors.Add($"{path}: shorter than {value.GetInt32()}");
                    }

                    break;
                case "pattern":
                    if (instance.ValueKind == JsonValueKind.String && !Regex.IsMatch(instance.GetString()!, value.GetString()!))
                    {
                        errors.Add($"{path}: '{instance.GetString()}' does not match {value.GetString()}");
                    }

                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        throw new NotSupportedException($"Schema keyword '{keyword.Name}' is not supported by the test validator.");
                    }

                    break;
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        const string prefix = "#/$defs/";
        Assert.StartsWith(prefix, reference, StringComparison.Ordinal);
        return _root.GetProperty("$defs").GetProperty(reference[prefix.Length..]);
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetInt64(out _),
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"type '{type}'"),
    };
}
