using Telltale.Team;
using Telltale.Tracking.Store;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Server.Storage;

/// <summary>The two stores one server uses for its lifetime: scans and timelines, and the team's tokens, audit, policy and inventories.</summary>
internal sealed class ServerStores(IScanStore scans, ITeamStore team) : IDisposable
{
    public IScanStore Scans { get; } = scans;

    public ITeamStore Team { get; } = team;

    /// <summary>
    /// Opens the stores <c>--db</c> names: PostgreSQL for a connection string or URI (<see cref="PostgresConnectionStrings.Recognises"/>),
    /// else the SQLite file at that path, the team tables in the same file or database as the scans.
    /// </summary>
    /// <exception cref="StoreException">when the file or the database cannot be used.</exception>
    public static ServerStores Open(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return PostgresConnectionStrings.Recognises(database)
            ? Open(() => new PostgresScanStore(database), () => new PostgresTeamStore(database))
            : Open(() => new ScanStore(database), () => new SqliteTeamStore(database));
    }

    /// <summary>Where <paramref name="database"/> is, fit to print: a file's full path, or a PostgreSQL host and database without the login.</summary>
    /// <exception cref="StoreException">when a PostgreSQL connection string does not parse.</exception>
    public static string Describe(string database) =>
        PostgresConnectionStrings.Recognises(database) ? PostgresConnectionStrings.Describe(database) : Path.GetFullPath(database);

    public void Dispose()
    {
        Team.Dispose();
        Scans.Dispose();
    }

    private static ServerStores Open(Func<IScanStore> openScans, Func<ITeamStore> openTeam)
    {
        var scans = openScans();
        try
        {
            return new ServerStores(scans, openTeam());
        }
        catch
        {
            scans.Dispose();
            throw;
        }
    }
}
