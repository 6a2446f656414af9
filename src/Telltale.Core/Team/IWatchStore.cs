using Telltale.Tracking.Store;

namespace Telltale.Team;

/// <summary>
/// The server's watch lists and what their jobs record: the packages watched, each version claimed for a scan (so it is
/// queued once), the scans' completion and comparison, and the alerts. Changes to the list take an
/// <see cref="AuditContext"/> and commit their audit row with them, as <see cref="ITeamStore"/>'s writes do.
/// <see cref="SqliteWatchStore"/> keeps it in the result store's file, <see cref="PostgresWatchStore"/> in its PostgreSQL
/// database. Every method is safe from many threads and many processes sharing the database.
/// </summary>
/// <remarks>Every method may throw <see cref="StoreException"/> when the database cannot be used.</remarks>
public interface IWatchStore : IDisposable
{
    /// <summary>Watches <paramref name="package"/> for <paramref name="platform"/>; when it is watched for it already, that watch with false and nothing written.</summary>
    (WatchedPackage Watch, bool Created) AddWatch(string package, string? range, string platform, AuditContext audit);

    /// <summary>Stops the watch; false when there is none with this id (nothing written). Its versions and alerts stay.</summary>
    bool RemoveWatch(long id, AuditContext audit);

    WatchedPackage? GetWatch(long id);

    /// <summary>Every watch, oldest first.</summary>
    IReadOnlyList<WatchedPackage> ListWatches();

    /// <summary>Sets the baseline of a watch without a range, once: a second poll racing the first keeps the first's.</summary>
    WatchedPackage? SetBaseline(long watchId, string version);

    /// <summary>
    /// Claims <c>package@version</c> for a scan: the new row, or null when it was claimed before (by this poll's
    /// predecessor or another worker), so the caller enqueues a job only for what it claimed. <paramref name="claimedBy"/>
    /// names the poll job claiming it, for <see cref="UnqueuedClaimsBy"/>.
    /// </summary>
    WatchedVersion? ClaimVersion(long watchId, string package, string version, string? previousVersion, DateTimeOffset? publishedAt, string platform, string? claimedBy = null);

    /// <summary>Records the job enqueued for a claimed version.</summary>
    void SetJob(long versionId, string jobId);

    /// <summary>Claims no job was recorded for since <paramref name="claimedBefore"/>: their poll died between claim and enqueue.</summary>
    IReadOnlyList<WatchedVersion> UnqueuedClaims(DateTimeOffset claimedBefore);

    /// <summary>The claims <paramref name="claimedBy"/> made that no job was recorded for and that are not done.</summary>
    IReadOnlyList<WatchedVersion> UnqueuedClaimsBy(string claimedBy);

    WatchedVersion? GetVersion(long versionId);

    WatchedVersion? FindVersion(long watchId, string version);

    /// <summary>The versions compared with <paramref name="version"/>: those whose previous version it is.</summary>
    IReadOnlyList<WatchedVersion> Following(long watchId, string version);

    /// <summary>Every claimed version of a watch, in claim order.</summary>
    IReadOnlyList<WatchedVersion> ListVersions(long watchId);

    /// <summary>Records a job's completion: its report is in the result store; <paramref name="freshScan"/> when this job made it.</summary>
    WatchedVersion CompleteScan(long versionId, bool freshScan);

    /// <summary>
    /// Marks the version compared and keeps its alerts, in one transaction, unless it was compared before: then
    /// nothing is written and the result is empty. Returns the alerts kept, with their ids; only those are delivered.
    /// </summary>
    IReadOnlyList<WatchAlert> RecordComparison(long versionId, IReadOnlyList<WatchAlert> alerts);

    /// <summary>Records that the version could not be scanned, with its alert, once; null when it was recorded before.</summary>
    WatchAlert? RecordFailure(long versionId, WatchAlert alert);

    /// <summary>Alerts, newest first; at most <paramref name="limit"/>, older than <paramref name="beforeId"/> when given.</summary>
    IReadOnlyList<WatchAlert> ListAlerts(int limit, long? beforeId = null);
}
