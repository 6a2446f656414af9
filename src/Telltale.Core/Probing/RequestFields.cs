using System.Text.Json;

namespace Telltale.Probing;

/// <summary>
/// One request cut into the values that are compared one by one: headers (framing headers left out), query
/// parameters and body fields (<see cref="BodyFields"/>). Fields inside an element of a JSON array know that
/// element, so that when the element is missing altogether the comparison reports the element once rather
/// than every leaf in it.
/// </summary>
internal sealed class RequestFields
{
    /// <summary>The value of an element field: only whether the element is there is compared.</summary>
    public const string Present = "present";

    // These frame the transport and follow from the URL and the body, so every body change and every host
    // change would otherwise show up twice.
    private static readonly HashSet<string> FramingHeaders =
        new(["host", "content-length", "transfer-encoding", "connection"], StringComparer.OrdinalIgnoreCase);

    private readonly OrderedDictionary<FieldPath, string> values = [];
    private readonly Dictionary<FieldPath, FieldPath> elements = [];
    private readonly Dictionary<FieldPath, string> shown = [];

    public IReadOnlyDictionary<FieldPath, string> Values => values;

    /// <summary>Fields cut from <paramref name="request"/>, JSON arrays paired with those of <paramref name="referenceBody"/>.</summary>
    public static RequestFields Create(CapturedRequest request, JsonElement? referenceBody)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fields = new RequestFields();
        foreach (var (name, value) in request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!FramingHeaders.Contains(name))
            {
                fields.Add(new FieldPath(FieldLocation.Header, name.ToLowerInvariant()), value);
            }
        }

        foreach (var parameter in RequestAlignment.SplitTarget(request.Path).Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? "" : parameter[(equals + 1)..];
            fields.Add(new FieldPath(FieldLocation.Query, Unescape(name)), Unescape(value));
        }

        BodyFields.Flatten(request, referenceBody, fields);
        return fields;
    }

    /// <summary>The element field of the array element holding <paramref name="field"/>, if it is in one.</summary>
    public FieldPath? ElementOf(FieldPath field) => elements.GetValueOrDefault(field);

    /// <summary>What to show for a field: an element shows its JSON, not the word "present".</summary>
    public string? Show(FieldPath field) => shown.TryGetValue(field, out var text) ? text : values.GetValueOrDefault(field);

    /// <summary>Adds a field; a repeated name (a duplicated JSON key, a repeated parameter) becomes name#2, name#3.</summary>
    internal void Add(FieldPath field, string value, FieldPath? element = null, string? show = null)
    {
        var unique = field;
        for (var n = 2; values.ContainsKey(unique); n++)
        {
            unique = field with { Path = $"{field.Path}#{n}" };
        }

        values.Add(unique, value);
        if (element is not null)
        {
            elements[unique] = element;
        }

        if (show is not null)
        {
            shown[unique] = show;
        }
    }

    private static string Unescape(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));
}
