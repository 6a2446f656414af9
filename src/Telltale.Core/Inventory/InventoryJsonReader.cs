using System.Text.Json;
using Telltale.Policy;

namespace Telltale.Inventory;

/// <summary>
/// Reads an inventory saved by <see cref="InventoryJsonWriter"/>, for verbs that check one later. Any
/// <c>schemaVersion</c> 1.x reads, and unknown fields are ignored; anything else wrong (not JSON, a missing
/// required field, an unknown kind or ecosystem) throws <see cref="InvalidDataException"/> with one line
/// saying where.
/// </summary>
public static class InventoryJsonReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static MachineInventory Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(() => JsonDocument.Parse(json, DocumentOptions));
    }

    public static MachineInventory Read(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return Parse(() => JsonDocument.Parse(utf8Json, DocumentOptions));
    }

    private static MachineInventory Parse(Func<JsonDocument> parse)
    {
        try
        {
            using var document = parse();
            return ReadInventory(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The inventory is not valid JSON: {OneLine(e.Message)}", e);
        }
        catch (InvalidOperationException e)
        {
            // A lone surrogate escape or invalid UTF-8 throws only when the string is read.
            throw new InvalidDataException($"The inventory holds text that is not valid Unicode: {OneLine(e.Message)}", e);
        }
    }

    private static MachineInventory ReadInventory(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "$");
        var schemaVersion = RequiredString(root, "schemaVersion", "$");
        if (schemaVersion.Split('.')[0] != InventoryJsonWriter.SchemaVersion.Split('.')[0])
        {
            throw new InvalidDataException(
                $"Inventory schema version '{OneLine(schemaVersion)}' is not supported; this build reads {InventoryJsonWriter.SchemaVersion.Split('.')[0]}.x.");
        }

        var items = new List<InventoryItem>();
        var array = Required(root, "items", JsonValueKind.Array, "$");
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            items.Add(ReadItem(element, $"$.items[{index++}]"));
        }

        var problems = new List<string>();
        if (root.TryGetProperty("problems", out var problemArray) && problemArray.ValueKind != JsonValueKind.Null)
        {
            Expect(problemArray, JsonValueKind.Array, "$.problems");
            index = 0;
            foreach (var problem in problemArray.EnumerateArray())
            {
                Expect(problem, JsonValueKind.String, $"$.problems[{index++}]");
                problems.Add(problem.GetString()!);
            }
        }

        return new MachineInventory(RequiredString(root, "root", "$"), items, problems)
        {
            Host = OptionalString(root, "host", "$"),
        };
    }

    private static InventoryItem ReadItem(JsonElement element, string path)
    {
        Expect(element, JsonValueKind.Object, path);
        var kindName = RequiredString(element, "kind", path);
        if (!InventoryItemKindNames.TryParse(kindName, out var kind))
        {
            throw new InvalidDataException($"{path}.kind: '{OneLine(kindName)}' is not a kind of inventory row.");
        }

        var ecosystemName = RequiredString(element, "ecosystem", path);
        var ecosystem = PolicyEcosystems.Canonical(ecosystemName)
            ?? throw new InvalidDataException($"{path}.ecosystem: '{OneLine(ecosystemName)}' is not one of {string.Join(", ", PolicyEcosystems.All)}.");
        return new InventoryItem
        {
            Kind = kind,
            Ecosystem = ecosystem,
            Name = RequiredString(element, "name", path),
            Version = OptionalString(element, "version", path),
            Path = RequiredString(element, "path", path),
            Source = RequiredString(element, "source", path),
            User = OptionalString(element, "user", path),
            Sha256 = OptionalString(element, "sha256", path),
            EmbeddedPackage = OptionalString(element, "embeddedPackage", path),
            EmbeddedVersion = OptionalString(element, "embeddedVersion", path),
            Format = OptionalString(element, "format", path),
        };
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new InvalidDataException($"{path}: required field '{name}' is missing.");
        }

        Expect(value, kind, path + "." + name);
        return value;
    }

    private static string RequiredString(JsonElement parent, string name, string path) =>
        Required(parent, name, JsonValueKind.String, path).GetString()!;

    private static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Expect(value, JsonValueKind.String, path + "." + name);
        return value.GetString();
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string path)
    {
        if (element.ValueKind != kind)
        {
            throw new InvalidDataException($"{path}: expected {kind.ToString().ToLowerInvariant()}, found {element.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    private static string OneLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }
}
