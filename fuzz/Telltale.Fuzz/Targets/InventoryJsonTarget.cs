using System.Text;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;
using Telltale.Inventory;

namespace Telltale.Fuzz.Targets;

/// <summary>Reading a saved inventory back (<c>check --inventory</c>), and writing what was read.</summary>
internal sealed class InventoryJsonTarget : IFuzzTarget
{
    public string Name => "inventory-json";

    public string Contract =>
        "InventoryJsonReader.Read throws only InvalidDataException, its message one line; an inventory it accepts, written by InventoryJsonWriter, reads back to equal rows, problems, root and host";

    public FuzzInputKind InputKind => FuzzInputKind.Json;

    public int MaxInputBytes => FuzzLimits.MaxTextInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => InventorySeeds.All();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        MachineInventory inventory;
        try
        {
            // Both entry points: a string decoded already, and a stream of raw (possibly invalid) UTF-8.
            inventory = input.Length % 2 == 0
                ? InventoryJsonReader.Read(Encoding.UTF8.GetString(input.Span))
                : InventoryJsonReader.Read(new MemoryStream(input.ToArray(), writable: false));
        }
        catch (InvalidDataException ex)
        {
            MessageContract.RequireOneLine("an InvalidDataException's message", ex.Message);
            JsonMessageFeatures.Add(features, "invalid", ex.Message);
            return;
        }

        features.AddMagnitude("items", inventory.Items.Count);
        features.AddMagnitude("problems", inventory.Problems.Count);
        var written = InventoryJsonWriter.ToJson(inventory);
        MachineInventory again;
        try
        {
            again = InventoryJsonReader.Read(written);
        }
        catch (InvalidDataException ex)
        {
            throw new ContractViolationException($"an inventory that was read could not be read after writing it again: {ex.Message}", ex);
        }

        ContractViolationException.Require(again.Items.SequenceEqual(inventory.Items), "the rows changed when the inventory was written and read again");
        ContractViolationException.Require(again.Problems.SequenceEqual(inventory.Problems, StringComparer.Ordinal), "the problems changed when the inventory was written and read again");
        ContractViolationException.Require(again.Root == inventory.Root && again.Host == inventory.Host, "the root or host changed when the inventory was written and read again");
    }
}
