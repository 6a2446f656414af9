using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telltale.Probing;

/// <summary>
/// Cuts a body into the values compared across runs: each leaf of a JSON body under its JSON path, so a change
/// in one message block is reported against that block and not against the whole payload; any other body as
/// one value.
/// <para>
/// Array elements are keyed by the index of their counterpart in the reference body (<see cref="ArrayAlignment"/>),
/// and an element with no counterpart by its own index with a plus, <c>messages[+0]</c>. Every element that is an
/// object or array is also a field of its own (<see cref="FieldLocation.Element"/>) whose value says only that it
/// is there.
/// </para>
/// </summary>
internal static partial class BodyFields
{
    /// <summary>The body as JSON, or null when it is not JSON; the caller disposes it.</summary>
    public static JsonDocument? Parse(CapturedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!LooksLikeJson(request.Body, request.ContentType))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(request.Body);
        }
        catch (JsonException)
        {
            // Labelled JSON that does not parse (truncated, or several documents) is still compared, as text.
            return null;
        }
    }

    public static void Flatten(CapturedRequest request, JsonElement? reference, RequestFields into)
    {
        using var document = Parse(request);
        if (document is null)
        {
            into.Add(new FieldPath(FieldLocation.Body, ""), request.Body);
            return;
        }

        Walk(document.RootElement, reference, "", element: null, into);
    }

    /// <summary><c>messages[0].content</c>, with keys that are not plain names quoted: <c>a["x.y"]</c>.</summary>
    internal static string Member(string path, string name)
    {
        if (PlainName().IsMatch(name))
        {
            return path.Length == 0 ? name : path + "." + name;
        }

        return path + "[" + JsonSerializer.Serialize(name) + "]";
    }

    private static bool LooksLikeJson(string body, string? contentType)
    {
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        var trimmed = body.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '{' or '[';
    }

    private static void Walk(JsonElement value, JsonElement? reference, string path, FieldPath? element, RequestFields into)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var any = false;
                foreach (var property in value.EnumerateObject())
                {
                    any = true;
                    JsonElement? counterpart = reference is { ValueKind: JsonValueKind.Object } r
                        && r.TryGetProperty(property.Name, out var p) ? p : null;
                    Walk(property.Value, counterpart, Member(path, property.Name), element, into);
                }

                if (!any)
                {
                    // Kept as a leaf so that an object that empties out, or appears empty, is still seen.
                    into.Add(new FieldPath(FieldLocation.Body, path), "{}", element);
                }

                break;
            case JsonValueKind.Array:
                WalkArray(value, reference, path, element, into);
                break;
            case JsonValueKind.String:
                into.Add(new FieldPath(FieldLocation.Body, path), StringValue(value), element);
                break;
            default:
                into.Add(new FieldPath(FieldLocation.Body, path), value.GetRawText(), element);
                break;
        }
    }

    private static void WalkArray(JsonElement value, JsonElement? reference, string path, FieldPath? element, RequestFields into)
    {
        var items = value.EnumerateArray().ToArray();
        if (items.Length == 0)
        {
            into.Add(new FieldPath(FieldLocation.Body, path), "[]", element);
            return;
        }

        var counterparts = reference is { ValueKind: JsonValueKind.Array } r ? r.EnumerateArray().ToArray() : null;
        var match = counterparts is null
            ? Enumerable.Range(0, items.Length).Select(i => (int?)i).ToArray()
            : ArrayAlignment.Match(counterparts, items);
        for (var j = 0; j < items.Length; j++)
        {
            var itemPath = match[j] is { } i
                ? string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]")
                : string.Create(CultureInfo.InvariantCulture, $"{path}[+{j}]");
            JsonElement? counterpart = counterparts is not null && match[j] is { } k ? counterparts[k] : null;
            var item = items[j];
            var itemElement = element;
            if (IsNonEmptyContainer(item))
            {
                itemElement = new FieldPath(FieldLocation.Element, itemPath);
                into.Add(itemElement, RequestFields.Present, element, item.GetRawText());
            }

            Walk(item, counterpart, itemPath, itemElement, into);
        }
    }

    private static bool IsNonEmptyContainer(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.Object => item.EnumerateObject().Any(),
        JsonValueKind.Array => item.GetArrayLength() > 0,
        _ => false,
    };

    private static string StringValue(JsonElement element)
    {
        try
        {
            return element.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate cannot be unescaped into a .NET string; the escape itself is the value.
            return element.GetRawText();
        }
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$-]*$")]
    private static partial Regex PlainName();
}
