using Telltale.Reports;

namespace Telltale.Inventory;

/// <summary>
/// Writes a <see cref="MachineInventory"/> as JSON (docs/inventory-schema.md): osquery-like rows, every field
/// present (null when unknown), hard-to-see characters escaped as in every report (<see cref="JsonEmitter"/>).
/// <see cref="InventoryJsonReader"/> reads it back.
/// </summary>
public static class InventoryJsonWriter
{
    /// <summary>Major.minor: a reader accepts any minor version of its major.</summary>
    public const string SchemaVersion = "1.0";

    public static void Write(MachineInventory inventory, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(ToJson(inventory));
    }

    public static string ToJson(MachineInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var json = new JsonEmitter();
        json.StartObject();
        json.String("schemaVersion", SchemaVersion);
        json.String("root", inventory.Root);
        json.String("host", inventory.Host);
        json.StartArray("items");
        foreach (var item in inventory.Items)
        {
            Item(json, item);
        }

        json.EndArray();
        json.Strings("problems", inventory.Problems);
        json.EndObject();
        return json.ToString();
    }

    /// <summary>One row, as an inventory and a check's verdicts both write it.</summary>
    internal static void Item(JsonEmitter json, InventoryItem item)
    {
        json.StartObject();
        json.String("kind", InventoryItemKindNames.Name(item.Kind));
        json.String("ecosystem", item.Ecosystem);
        json.String("name", item.Name);
        json.String("version", item.Version);
        json.String("path", item.Path);
        json.String("source", item.Source);
        json.String("user", item.User);
        json.String("sha256", item.Sha256);
        json.String("embeddedPackage", item.EmbeddedPackage);
        json.String("embeddedVersion", item.EmbeddedVersion);
        json.String("format", item.Format);
        json.EndObject();
    }
}
