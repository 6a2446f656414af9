namespace Telltale.Team;

/// <summary>One inventory a machine posted, kept as the inventory JSON it was read into.</summary>
public sealed record StoredInventory
{
    public required long Id { get; init; }

    /// <summary>The machine, as its inventory names itself (<c>host</c>).</summary>
    public required string Host { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The inventory as <see cref="Inventory.InventoryJsonWriter"/> writes it (what was read, without fields this build does not know).</summary>
    public required string Json { get; init; }

    public required int Items { get; init; }

    public long? PostedByTokenId { get; init; }

    public required string PostedBy { get; init; }
}
