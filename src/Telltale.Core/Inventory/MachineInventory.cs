namespace Telltale.Inventory;

/// <summary>What one inventory run found: every item, in a stable order, and what could not be read.</summary>
/// <param name="Root">The directory read as the machine's root (<c>/</c> for this machine, or <c>--root DIR</c>).</param>
/// <param name="Items">Ordered by kind, name, version, path.</param>
/// <param name="Problems">One line each for a place that could not be read (permissions, a broken manifest); never fatal.</param>
public sealed record MachineInventory(string Root, IReadOnlyList<InventoryItem> Items, IReadOnlyList<string> Problems)
{
    /// <summary>The host name of the machine, when inventoried live; null for <c>--root</c> or a lockfile.</summary>
    public string? Host { get; init; }
}
