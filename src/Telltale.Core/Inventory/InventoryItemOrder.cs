namespace Telltale.Inventory;

/// <summary>
/// The one order of rows: kind, name, version, path, then the order they were found in. Ordinal comparison
/// throughout, so the order never depends on the culture; a missing version sorts first.
/// </summary>
internal sealed class InventoryItemOrder : IComparer<(InventoryItem Item, int Ordinal)>
{
    public static InventoryItemOrder Instance { get; } = new();

    public int Compare((InventoryItem Item, int Ordinal) x, (InventoryItem Item, int Ordinal) y)
    {
        var order = x.Item.Kind.CompareTo(y.Item.Kind);
        if (order == 0)
        {
            order = string.CompareOrdinal(x.Item.Name, y.Item.Name);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(x.Item.Version, y.Item.Version);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(x.Item.Path, y.Item.Path);
        }

        return order != 0 ? order : x.Ordinal.CompareTo(y.Ordinal);
    }
}
