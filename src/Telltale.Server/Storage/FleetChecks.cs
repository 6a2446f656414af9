using Telltale.Inventory;
using Telltale.Policy.Compliance;

namespace Telltale.Server.Storage;

/// <summary>
/// Judges stored inventories against the current policy at the moment asked, not when they were posted: a ban's date
/// may have come since. One place for <c>GET /api/v1/machines</c> and the dashboard's fleet view and overview.
/// </summary>
internal sealed class FleetChecks(ServerStores stores, PolicyCache cache, TimeProvider time)
{
    /// <summary>Every machine's latest inventory: failing machines first, then warning ones, then by host.</summary>
    public IReadOnlyList<MachineCheck> All()
    {
        var policy = cache.Current();
        var now = time.GetUtcNow();
        return stores.Team.LatestInventories()
            .Select(stored => new MachineCheck(stored, PolicyChecker.Check(policy.Document, InventoryJsonReader.Read(stored.Json), Subject(stored.Host), now), policy.Stored?.Version ?? 0))
            .OrderByDescending(m => m.Report.Failures > 0)
            .ThenByDescending(m => m.Report.Warnings > 0)
            .ThenBy(m => m.Inventory.Host, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One machine's latest inventory; null when it never posted one.</summary>
    public MachineCheck? One(string host)
    {
        if (stores.Team.LatestInventory(host) is not { } stored)
        {
            return null;
        }

        var policy = cache.Current();
        return new MachineCheck(stored, PolicyChecker.Check(policy.Document, InventoryJsonReader.Read(stored.Json), Subject(stored.Host), time.GetUtcNow()), policy.Stored?.Version ?? 0);
    }

    /// <summary>How a machine is named as the subject of its check.</summary>
    public static string Subject(string host) => $"machine {host}";
}
