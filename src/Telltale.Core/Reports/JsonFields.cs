using System.Text.Json;

namespace Telltale.Reports;

/// <summary>
/// Strict reading of the JSON documents this tool writes (reports, timelines, inventories): each helper names the
/// JSON path of what is wrong in an <see cref="InvalidDataException"/>, the error front ends show as bad input.
/// </summary>
internal static class JsonFields
{
    internal static List<T> ReadArray<T>(JsonElement parent, string name, string path, bool required, Func<JsonElement, string, T> read)
    {
        if (!parent.TryGetProperty(name, out JsonElement array))
        {
            return required ? throw Missing(path, name) : [];
        }

        string arrayPath = path + "." + name;
        Expect(array, JsonValueKind.Array, arrayPath);
        var result = new List<T>(array.GetArrayLength());
        int index = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            result.Add(read(item, $"{arrayPath}[{index++}]"));
        }

        return result;
    }

    internal static List<string> ReadStrings(JsonElement parent, string name, string path) =>
        ReadArray(parent, name, path, required: false, static (item, itemPath) =>
        {
            Expect(item, JsonValueKind.String, itemPath);
            return item.GetString()!;
        });

    internal static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out JsonElement value))
        {
            throw Missing(path, name);
        }

        Expect(value, kind, path + "." + name);
        return value;
    }

    internal static string RequiredString(JsonElement parent, string name, string path) =>
        Required(parent, name, JsonValueKind.String, path).GetString()!;

    internal static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Expect(value, JsonValueKind.String, path + "." + name);
        return value.GetString();
    }

    internal static int RequiredInt32(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out JsonElement value)
            ? Number(value, path + "." + name, static (JsonElement e, out int v) => e.TryGetInt32(out v))
            : throw Missing(path, name);

    internal static int OptionalInt32(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out JsonElement value)
            ? Number(value, path + "." + name, static (JsonElement e, out int v) => e.TryGetInt32(out v))
            : 0;

    internal static long OptionalInt64(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out JsonElement value)
            ? Number(value, path + "." + name, static (JsonElement e, out long v) => e.TryGetInt64(out v))
            : 0;

    internal static bool OptionalBoolean(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out JsonElement value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"{path}.{name}: expected true or false, found {value.ValueKind.ToString().ToLowerInvariant()}."),
        };
    }

    internal delegate bool TryGet<T>(JsonElement element, out T value);

    /// <summary>
    /// A double the writer can write back: <c>1e400</c> is a valid JSON number that reads as infinity, which
    /// JSON cannot hold, so it is out of range like any other number that does not fit.
    /// </summary>
    internal static bool TryGetFinite(JsonElement element, out double value) => element.TryGetDouble(out value) && double.IsFinite(value);

    internal static T Number<T>(JsonElement element, string path, TryGet<T> tryGet)
    {
        Expect(element, JsonValueKind.Number, path);
        return tryGet(element, out T value)
            ? value
            : throw new InvalidDataException($"{path}: {element.GetRawText()} is out of range.");
    }

    internal static void Expect(JsonElement element, JsonValueKind kind, string path)
    {
        if (element.ValueKind != kind)
        {
            throw new InvalidDataException($"{path}: expected {kind.ToString().ToLowerInvariant()}, found {element.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    internal static InvalidDataException Missing(string path, string name) =>
        new($"{path}: required field '{name}' is missing.");
}
