using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;
using Telltale.Tracking.History;

namespace Telltale.Tracking.Store;

/// <summary>
/// Finished scans and timelines, kept by artifact and <see cref="ScanFingerprint"/>: what <c>telltale serve</c> reads and
/// writes. <see cref="ScanStore"/> keeps them in the CLI's SQLite file; <see cref="Postgres.PostgresScanStore"/> in a
/// PostgreSQL database. Both pass the same contract tests, store the same Brotli report blobs, and are safe to use from
/// many threads. Saving a scan a second time under the same artifact and fingerprint keeps one row (the later report),
/// never two, however many threads or processes save it at once.
/// </summary>
/// <remarks>Every method may throw <see cref="StoreException"/> when the database cannot be used.</remarks>
public interface IScanStore : IDisposable
{
    /// <summary>Where the store is, fit for a log or a message: a file's full path, or a PostgreSQL host and database (never a password).</summary>
    string Location { get; }

    /// <inheritdoc cref="ScanStore.Save"/>
    void Save(ScanReport report, string fingerprint, string? requestedPlatform = null, ScanSettings? settings = null);

    /// <inheritdoc cref="ScanStore.TryGet(string, string)"/>
    ScanReport? TryGet(string sha256, string fingerprint);

    /// <inheritdoc cref="ScanStore.TryGet(ResolvedTarget, string)"/>
    ScanReport? TryGet(ResolvedTarget resolved, string fingerprint);

    /// <inheritdoc cref="ScanStore.TryGetNpm"/>
    ScanReport? TryGetNpm(string name, string version, string? platform, string fingerprint);

    /// <inheritdoc cref="ScanStore.LinkNpm"/>
    void LinkNpm(string name, string version, string? platform, string fingerprint, ResolvedTarget resolved);

    /// <inheritdoc cref="ScanStore.List"/>
    IReadOnlyList<StoredScanSummary> List(string? nameFilter = null, int limit = 0);

    /// <inheritdoc cref="ScanStore.Find"/>
    IReadOnlyList<StoredScanSummary> Find(string key);

    /// <inheritdoc cref="ScanStore.Read"/>
    ScanReport? Read(StoredScanSummary scan);

    /// <inheritdoc cref="ScanStore.Show"/>
    ScanReport? Show(string key);

    /// <inheritdoc cref="ScanStore.SaveTimeline(VersionTimeline, string?, string, DateTimeOffset)"/>
    StoredTimeline SaveTimeline(VersionTimeline timeline, string? platform, string toolVersion, DateTimeOffset madeAt);

    /// <inheritdoc cref="ScanStore.SaveTimeline(BisectResult, string?, string, DateTimeOffset)"/>
    StoredTimeline SaveTimeline(BisectResult bisection, string? platform, string toolVersion, DateTimeOffset madeAt);

    /// <inheritdoc cref="ScanStore.GetTimeline"/>
    StoredTimeline? GetTimeline(long id);

    /// <inheritdoc cref="ScanStore.ListTimelines"/>
    IReadOnlyList<StoredTimeline> ListTimelines(string? package = null, string? kind = null, int limit = 0);
}
