using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Server.Storage;

/// <summary>The two stores one server uses for its lifetime: scans and timelines, and the team's tokens, audit, policy and inventories.</summary>
internal sealed class ServerStores(ScanStore scans, ITeamStore team) : IDisposable
{
    public ScanStore Scans { get; } = scans;

    public ITeamStore Team { get; } = team;

    /// <exception cref="StoreException">when the file cannot be used.</exception>
    public static ServerStores OpenSqlite(string path)
    {
        var scans = new ScanStore(path);
        try
        {
            return new ServerStores(scans, new SqliteTeamStore(path));
        }
        catch
        {
            scans.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Team.Dispose();
        Scans.Dispose();
    }
}
