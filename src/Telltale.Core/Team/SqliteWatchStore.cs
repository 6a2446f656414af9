using System.Globalization;
using Microsoft.Data.Sqlite;
using Telltale.Findings;
using Telltale.Tracking.Store;

namespace Telltale.Team;

/// <summary>
/// <see cref="IWatchStore"/> in the result store's SQLite file, beside the scans it refers to and the team tables whose
/// audit log it writes to. Its tables are prefixed <c>watch_</c> with their own schema version in <c>watch_schema</c>.
/// WAL and a busy timeout let a server and its workers on one machine share the file; each write is one IMMEDIATE
/// transaction, which is what makes a claim win once across processes.
/// </summary>
public sealed class SqliteWatchStore : IWatchStore
{
    /// <summary>The watch tables' schema this build writes; a file with a higher one is refused, not guessed at.</summary>
    public static int SchemaVersion => Migrations.Length;

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private const string Bootstrap = """
        CREATE TABLE IF NOT EXISTS watch_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
        INSERT OR IGNORE INTO watch_schema (id, version) VALUES (1, 0);
        """;

    /// <summary>Each step moves <c>watch_schema.version</c> from its index to the next; never edit a shipped one, add another.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE watch_packages (
            id INTEGER PRIMARY KEY,
            package TEXT NOT NULL,
            range TEXT,
            platform TEXT NOT NULL,
            baseline TEXT,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL,
            removed_at TEXT
        );
        CREATE UNIQUE INDEX watch_packages_active ON watch_packages (package, platform) WHERE removed_at IS NULL;
        CREATE TABLE watch_versions (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watch_packages (id),
            package TEXT NOT NULL,
            version TEXT NOT NULL,
            previous_version TEXT,
            published_at TEXT,
            platform TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            job_id TEXT,
            completed_at TEXT,
            scans INTEGER NOT NULL DEFAULT 0,
            runs INTEGER NOT NULL DEFAULT 0,
            compared INTEGER NOT NULL DEFAULT 0,
            failure TEXT,
            UNIQUE (watch_id, version)
        );
        CREATE INDEX watch_versions_by_previous ON watch_versions (watch_id, previous_version);
        -- No foreign keys: alerts outlive what they name.
        CREATE TABLE watch_alerts (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL,
            version_id INTEGER NOT NULL,
            package TEXT NOT NULL,
            version TEXT NOT NULL,
            kind TEXT NOT NULL,
            severity TEXT,
            rule_id TEXT,
            text TEXT NOT NULL,
            json TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        UPDATE watch_schema SET version = 1;
        """,
        """
        ALTER TABLE watch_versions ADD COLUMN claimed_by TEXT;
        UPDATE watch_schema SET version = 2;
        """,
    ];

    private const string WatchColumns = WatchRows.WatchColumns;
    private const string VersionColumns = WatchRows.VersionColumns;
    private const string AlertColumns = WatchRows.AlertColumns;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Opens the watch tables in the result store at <paramref name="path"/>, creating the store, the team tables and its own as needed.</summary>
    /// <exception cref="StoreException">when the file is not a telltale store, is damaged, is from a newer telltale, or cannot be opened.</exception>
    public SqliteWatchStore(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _time = time ?? TimeProvider.System;

        // The team store checks the file is ours and brings the scan and team tables up; the audit rows written here go into its log.
        using (var team = new SqliteTeamStore(path, time))
        {
            Path = team.Path;
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            _connection.Open();
            Execute($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};");
            Execute("PRAGMA foreign_keys = ON;");
            Migrate();
        }
        catch (SqliteException ex)
        {
            _connection.Dispose();
            throw Unusable(ex);
        }
        catch (StoreException)
        {
            _connection.Dispose();
            throw;
        }
    }

    public string Path { get; }

    public (WatchedPackage Watch, bool Created) AddWatch(string package, string? range, string platform, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(package);
        ArgumentException.ThrowIfNullOrEmpty(platform);
        ArgumentNullException.ThrowIfNull(audit);
        return Run(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var existing = Command($"SELECT {WatchColumns} FROM watch_packages WHERE package = $package AND platform = $platform AND removed_at IS NULL;");
            existing.Parameters.AddWithValue("$package", package);
            existing.Parameters.AddWithValue("$platform", platform);
            if (ReadWatches(existing) is [var found])
            {
                return (found, false);
            }

            var addedAt = _time.GetUtcNow();
            using var insert = Command("""
                INSERT INTO watch_packages (package, range, platform, added_at, added_by) VALUES ($package, $range, $platform, $at, $by) RETURNING id;
                """);
            insert.Parameters.AddWithValue("$package", package);
            insert.Parameters.AddWithValue("$range", (object?)range ?? DBNull.Value);
            insert.Parameters.AddWithValue("$platform", platform);
            insert.Parameters.AddWithValue("$at", SqliteFiles.TimeText(addedAt));
            insert.Parameters.AddWithValue("$by", audit.TokenName);
            var id = (long)insert.ExecuteScalar()!;
            SqliteTeamStore.InsertAudit(_connection, audit, WatchRows.WatchEntity(id), _time.GetUtcNow());
            transaction.Commit();
            return (new WatchedPackage { Id = id, Package = package, Range = range, Platform = platform, AddedAt = addedAt, AddedBy = audit.TokenName }, true);
        });
    }

    public bool RemoveWatch(long id, AuditContext audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return Run(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var update = Command("UPDATE watch_packages SET removed_at = $at WHERE id = $id AND removed_at IS NULL;");
            update.Parameters.AddWithValue("$at", SqliteFiles.TimeText(_time.GetUtcNow()));
            update.Parameters.AddWithValue("$id", id);
            if (update.ExecuteNonQuery() == 0)
            {
                return false;
            }

            SqliteTeamStore.InsertAudit(_connection, audit, WatchRows.WatchEntity(id), _time.GetUtcNow());
            transaction.Commit();
            return true;
        });
    }

    public WatchedPackage? GetWatch(long id) => Run(() =>
    {
        using var query = Command($"SELECT {WatchColumns} FROM watch_packages WHERE id = $id AND removed_at IS NULL;");
        query.Parameters.AddWithValue("$id", id);
        return ReadWatches(query).FirstOrDefault();
    });

    public IReadOnlyList<WatchedPackage> ListWatches() => Run(() =>
    {
        using var query = Command($"SELECT {WatchColumns} FROM watch_packages WHERE removed_at IS NULL ORDER BY id;");
        return ReadWatches(query);
    });

    public WatchedPackage? SetBaseline(long watchId, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        return Run(() =>
        {
            using var update = Command("UPDATE watch_packages SET baseline = $version WHERE id = $id AND baseline IS NULL;");
            update.Parameters.AddWithValue("$version", version);
            update.Parameters.AddWithValue("$id", watchId);
            update.ExecuteNonQuery();
            using var query = Command($"SELECT {WatchColumns} FROM watch_packages WHERE id = $id;");
            query.Parameters.AddWithValue("$id", watchId);
            return ReadWatches(query).FirstOrDefault();
        });
    }

    public WatchedVersion? ClaimVersion(long watchId, string package, string version, string? previousVersion, DateTimeOffset? publishedAt, string platform, string? claimedBy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(package);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(platform);
        return Run(() =>
        {
            var claimedAt = _time.GetUtcNow();
            using var insert = Command("""
                INSERT INTO watch_versions (watch_id, package, version, previous_version, published_at, platform, claimed_at, claimed_by)
                VALUES ($watch, $package, $version, $previous, $published, $platform, $at, $by)
                ON CONFLICT (watch_id, version) DO NOTHING RETURNING id;
                """);
            insert.Parameters.AddWithValue("$watch", watchId);
            insert.Parameters.AddWithValue("$package", package);
            insert.Parameters.AddWithValue("$version", version);
            insert.Parameters.AddWithValue("$previous", (object?)previousVersion ?? DBNull.Value);
            insert.Parameters.AddWithValue("$published", publishedAt is { } published ? SqliteFiles.TimeText(published) : DBNull.Value);
            insert.Parameters.AddWithValue("$platform", platform);
            insert.Parameters.AddWithValue("$at", SqliteFiles.TimeText(claimedAt));
            insert.Parameters.AddWithValue("$by", (object?)claimedBy ?? DBNull.Value);
            if (insert.ExecuteScalar() is not long id)
            {
                return null;
            }

            return new WatchedVersion
            {
                Id = id, WatchId = watchId, Package = package, Version = version, PreviousVersion = previousVersion, PublishedAt = publishedAt,
                Platform = platform, ClaimedAt = claimedAt, ClaimedBy = claimedBy, Scans = 0, Runs = 0, Compared = false,
            };
        });
    }

    public void SetJob(long versionId, string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        Run(() =>
        {
            using var update = Command("UPDATE watch_versions SET job_id = $job WHERE id = $id;");
            update.Parameters.AddWithValue("$job", jobId);
            update.Parameters.AddWithValue("$id", versionId);
            return update.ExecuteNonQuery();
        });
    }

    public IReadOnlyList<WatchedVersion> UnqueuedClaims(DateTimeOffset claimedBefore) => Run(() =>
    {
        using var query = Command($"SELECT {VersionColumns} FROM watch_versions WHERE job_id IS NULL AND completed_at IS NULL AND claimed_at < $before ORDER BY id;");
        query.Parameters.AddWithValue("$before", SqliteFiles.TimeText(claimedBefore));
        return ReadVersions(query);
    });

    public IReadOnlyList<WatchedVersion> UnqueuedClaimsBy(string claimedBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimedBy);
        return Run(() =>
        {
            using var query = Command($"SELECT {VersionColumns} FROM watch_versions WHERE job_id IS NULL AND completed_at IS NULL AND claimed_by = $by ORDER BY id;");
            query.Parameters.AddWithValue("$by", claimedBy);
            return ReadVersions(query);
        });
    }

    public WatchedVersion? GetVersion(long versionId) => Run(() =>
    {
        using var query = Command($"SELECT {VersionColumns} FROM watch_versions WHERE id = $id;");
        query.Parameters.AddWithValue("$id", versionId);
        return ReadVersions(query).FirstOrDefault();
    });

    public WatchedVersion? FindVersion(long watchId, string version) => Run(() =>
    {
        using var query = Command($"SELECT {VersionColumns} FROM watch_versions WHERE watch_id = $watch AND version = $version;");
        query.Parameters.AddWithValue("$watch", watchId);
        query.Parameters.AddWithValue("$version", version);
        return ReadVersions(query).FirstOrDefault();
    });

    public IReadOnlyList<WatchedVersion> Following(long watchId, string version) => Run(() =>
    {
        using var query = Command($"SELECT {VersionColumns} FROM watch_versions WHERE watch_id = $watch AND previous_version = $version ORDER BY id;");
        query.Parameters.AddWithValue("$watch", watchId);
        query.Parameters.AddWithValue("$version", version);
        return ReadVersions(query);
    });

    public IReadOnlyList<WatchedVersion> ListVersions(long watchId) => Run(() =>
    {
        using var query = Command($"SELECT {VersionColumns} FROM watch_versions WHERE watch_id = $watch ORDER BY id;");
        query.Parameters.AddWithValue("$watch", watchId);
        return ReadVersions(query);
    });

    public WatchedVersion CompleteScan(long versionId, bool freshScan) => Run(() =>
    {
        using var update = Command($"""
            UPDATE watch_versions SET completed_at = coalesce(completed_at, $at), scans = scans + $fresh, runs = runs + 1
            WHERE id = $id RETURNING {VersionColumns};
            """);
        update.Parameters.AddWithValue("$at", SqliteFiles.TimeText(_time.GetUtcNow()));
        update.Parameters.AddWithValue("$fresh", freshScan ? 1 : 0);
        update.Parameters.AddWithValue("$id", versionId);
        return ReadVersions(update).FirstOrDefault() ?? throw new StoreException($"no watched version {versionId.ToString(CultureInfo.InvariantCulture)} in {Path}");
    });

    public IReadOnlyList<WatchAlert> RecordComparison(long versionId, IReadOnlyList<WatchAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        return Run<IReadOnlyList<WatchAlert>>(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var claim = Command("UPDATE watch_versions SET compared = 1 WHERE id = $id AND compared = 0;");
            claim.Parameters.AddWithValue("$id", versionId);
            if (claim.ExecuteNonQuery() == 0)
            {
                return [];
            }

            var kept = alerts.Select(alert => InsertAlert(versionId, alert)).ToList();
            transaction.Commit();
            return kept;
        });
    }

    public WatchAlert? RecordFailure(long versionId, WatchAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Run(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var mark = Command("UPDATE watch_versions SET failure = $reason WHERE id = $id AND failure IS NULL AND completed_at IS NULL;");
            mark.Parameters.AddWithValue("$reason", alert.Text);
            mark.Parameters.AddWithValue("$id", versionId);
            if (mark.ExecuteNonQuery() == 0)
            {
                return null;
            }

            var kept = InsertAlert(versionId, alert);
            transaction.Commit();
            return kept;
        });
    }

    public IReadOnlyList<WatchAlert> ListAlerts(int limit, long? beforeId = null) => Run(() =>
    {
        using var query = Command($"SELECT {AlertColumns} FROM watch_alerts WHERE $before IS NULL OR id < $before ORDER BY id DESC LIMIT $limit;");
        query.Parameters.AddWithValue("$before", (object?)beforeId ?? DBNull.Value);
        query.Parameters.AddWithValue("$limit", Math.Max(1, limit));
        using var reader = query.ExecuteReader();
        return WatchRows.ReadAlerts(reader, SqliteFiles.ReadTime);
    });

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    private WatchAlert InsertAlert(long versionId, WatchAlert alert)
    {
        using var insert = Command("""
            INSERT INTO watch_alerts (watch_id, version_id, package, version, kind, severity, rule_id, text, json, created_at)
            VALUES ($watch, $version_id, $package, $version, $kind, $severity, $rule, $text, $json, $at) RETURNING id;
            """);
        insert.Parameters.AddWithValue("$watch", alert.WatchId);
        insert.Parameters.AddWithValue("$version_id", versionId);
        insert.Parameters.AddWithValue("$package", alert.Package);
        insert.Parameters.AddWithValue("$version", alert.Version);
        insert.Parameters.AddWithValue("$kind", alert.Kind);
        insert.Parameters.AddWithValue("$severity", alert.Severity is { } severity ? severity.ToName() : DBNull.Value);
        insert.Parameters.AddWithValue("$rule", (object?)alert.RuleId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$text", alert.Text);
        insert.Parameters.AddWithValue("$json", alert.Json);
        insert.Parameters.AddWithValue("$at", SqliteFiles.TimeText(alert.CreatedAt));
        return alert with { Id = (long)insert.ExecuteScalar()! };
    }

    private static List<WatchedPackage> ReadWatches(SqliteCommand query)
    {
        using var reader = query.ExecuteReader();
        return WatchRows.ReadWatches(reader, SqliteFiles.ReadTime);
    }

    private static List<WatchedVersion> ReadVersions(SqliteCommand query)
    {
        using var reader = query.ExecuteReader();
        return WatchRows.ReadVersions(reader, SqliteFiles.ReadTime);
    }

    private void Migrate()
    {
        // IMMEDIATE (the default): two processes opening a new file migrate one after the other.
        using var transaction = _connection.BeginTransaction();
        Execute(Bootstrap);
        using var read = Command("SELECT version FROM watch_schema WHERE id = 1;");
        var version = Convert.ToInt64(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new StoreException(
                $"the watch tables in {Path} were written by a newer telltale (watch schema {version}; this one reads up to {SchemaVersion}); upgrade telltale or use another file");
        }

        for (var step = (int)version; step < SchemaVersion; step++)
        {
            Execute(Migrations[step]);
        }

        transaction.Commit();
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Every statement is a constant of this class; values go in as parameters.")]
    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private T Run<T>(Func<T> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return action();
            }
            catch (SqliteException ex)
            {
                throw Unusable(ex);
            }
        }
    }

    private StoreException Unusable(SqliteException ex) =>
        new($"cannot use the watch tables of {Path}: {SqliteFiles.Problem(ex, BusyTimeout)}", ex);
}
