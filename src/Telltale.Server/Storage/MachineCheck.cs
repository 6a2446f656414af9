using Telltale.Policy.Compliance;
using Telltale.Team;

namespace Telltale.Server.Storage;

/// <summary>A machine's latest inventory judged against the current policy: what the fleet list and the dashboard show.</summary>
/// <param name="PolicyVersion">The version judged against; 0 before any policy was put.</param>
internal sealed record MachineCheck(StoredInventory Inventory, ComplianceReport Report, long PolicyVersion);
