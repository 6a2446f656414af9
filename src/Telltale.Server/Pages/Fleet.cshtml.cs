using Telltale.Server.Storage;

namespace Telltale.Server.Pages;

/// <summary>The fleet: every machine's latest inventory judged now, with what it runs that is banned or soon banned.</summary>
public sealed class FleetModel : DashboardPage
{
    internal IReadOnlyList<MachineCheck> Machines { get; private set; } = [];

    public long PolicyVersion { get; private set; }

    public DateTimeOffset CheckedAt { get; private set; }

    public void OnGet()
    {
        Machines = Fleet.All();
        PolicyVersion = Policy.Current().Stored?.Version ?? 0;
        CheckedAt = Now;
    }
}
