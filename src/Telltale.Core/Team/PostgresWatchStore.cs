using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Telltale.Findings;
using Telltale.Tracking.Store;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Team;

/// <summary>
/// <see cref="IWatchStore"/> in a PostgreSQL database, beside <see cref="PostgresTeamStore"/>'s tables whose audit log it
/// writes to: the same <c>watch_*</c> tables as <see cref="SqliteWatchStore"/>, their schema version in
/// <c>watch_schema</c>, times as <c>timestamptz</c>. Where SQLite's IMMEDIATE transactions serialise every write, here
/// each once-only step is one statement that only one process can win: an insert that does nothing on conflict, or an
/// update whose condition the winner's row no longer meets (the loser waits on the row lock, then finds it changed).
/// </summary>
public sealed class PostgresWatchStore : IWatchStore
{
    /// <summary>Each step moves <c>watch_schema.version</c> from its index to the next; never edit a shipped one, add another.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE watch_packages (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            package text NOT NULL,
            range text,
            platform text NOT NULL,
            baseline text,
            added_at timestamptz NOT NULL,
            added_by text NOT NULL,
            removed_at timestamptz
        );
        CREATE UNIQUE INDEX watch_packages_active ON watch_packages (package, platform) WHERE removed_at IS NULL;
        CREATE TABLE watch_versions (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            watch_id bigint NOT NULL REFERENCES watch_packages (id),
            package text NOT NULL,
            version text NOT NULL,
            previous_version text,
            published_at timestamptz,
            platform text NOT NULL,
            claimed_at timestamptz NOT NULL,
            job_id text,
            completed_at timestamptz,
            scans integer NOT NULL DEFAULT 0,
            runs integer NOT NULL DEFAULT 0,
            compared boolean NOT NULL DEFAULT false,
            failure text,
            UNIQUE (watch_id, version)
        );
        CREATE INDEX watch_versions_by_previous ON watch_versions (watch_id, previous_version);
        -- No foreign keys: alerts outlive what they name.
        CREATE TABLE watch_alerts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            watch_id bigint NOT NULL,
            version_id bigint NOT NULL,
            package text NOT NULL,
            version text NOT NULL,
            kind text NOT NULL,
            severity text,
            rule_id text,
            text text NOT NULL,
            json text NOT NULL,
            created_at timestamptz NOT NULL
        );
        """,
        "ALTER TABLE watch_versions ADD COLUMN claimed_by text;",
    ];

    private const string WatchColumns = WatchRows.WatchColumns;
    private const string VersionColumns = WatchRows.VersionColumns;
    private const string AlertColumns = WatchRows.AlertColumns;

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Opens the watch tables in the database <paramref name="database"/> names, creating or upgrading them and the team tables they audit to.</summary>
    /// <param name="database">An Npgsql connection string (<c>Host=…</c>) or a <c>postgresql://</c> URI.</param>
    /// <exception cref="StoreException">when the database cannot be reached, refuses the login, or was written by a newer telltale.</exception>
    public PostgresWatchStore(string database, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;

        // The team store brings team_audit up to date (and refuses a newer schema) before any watch change is audited into it.
        using (new PostgresTeamStore(database, time))
        {
        }

        _database = new PostgresDatabase(database, "the watch tables");
        try
        {
            _database.Migrate("watch_schema", Migrations);
        }
        catch
        {
            _database.Dispose();
            throw;
        }
    }

    /// <summary>The watch tables' schema this build writes; a database with a higher one is refused, not guessed at.</summary>
    public static int SchemaVersion => Migrations.Length;

    public string Location => _database.Location;

    public (WatchedPackage Watch, bool Created) AddWatch(string package, string? range, string platform, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(package);
        ArgumentException.ThrowIfNullOrEmpty(platform);
        ArgumentNullException.ThrowIfNull(audit);
        return _database.InTransaction(connection =>
        {
            // Two servers adding the same watch at once: the partial unique index lets one insert, and the other, having
            // waited for it, finds its row. Removed in between, the watch is free again, so the insert is tried once more.
            while (true)
            {
                var addedAt = Now();
                using var insert = PostgresDatabase.Command(connection, """
                    INSERT INTO watch_packages (package, range, platform, added_at, added_by) VALUES (@package, @range, @platform, @at, @by)
                    ON CONFLICT (package, platform) WHERE removed_at IS NULL DO NOTHING RETURNING id;
                    """);
                insert.Parameters.AddWithValue("package", package);
                PostgresDatabase.Parameter(insert, "range", NpgsqlDbType.Text, range);
                insert.Parameters.AddWithValue("platform", platform);
                insert.Parameters.AddWithValue("at", addedAt);
                insert.Parameters.AddWithValue("by", audit.TokenName);
                if (insert.ExecuteScalar() is long id)
                {
                    PostgresTeamStore.InsertAudit(connection, audit, WatchRows.WatchEntity(id), Now());
                    return (new WatchedPackage { Id = id, Package = package, Range = range, Platform = platform, AddedAt = addedAt, AddedBy = audit.TokenName }, true);
                }

                var existing = Query(connection, $"SELECT {WatchColumns} FROM watch_packages WHERE package = @package AND platform = @platform AND removed_at IS NULL;", query =>
                {
                    query.Parameters.AddWithValue("package", package);
                    query.Parameters.AddWithValue("platform", platform);
                }, WatchRows.ReadWatches);
                if (existing is [var found])
                {
                    return (found, false);
                }
            }
        });
    }

    public bool RemoveWatch(long id, AuditContext audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return _database.InTransaction(connection =>
        {
            using var update = PostgresDatabase.Command(connection, "UPDATE watch_packages SET removed_at = @at WHERE id = @id AND removed_at IS NULL;");
            update.Parameters.AddWithValue("at", Now());
            update.Parameters.AddWithValue("id", id);
            if (update.ExecuteNonQuery() == 0)
            {
                return false;
            }

            PostgresTeamStore.InsertAudit(connection, audit, WatchRows.WatchEntity(id), Now());
            return true;
        });
    }

    public WatchedPackage? GetWatch(long id) => Read(
        $"SELECT {WatchColumns} FROM watch_packages WHERE id = @id AND removed_at IS NULL;",
        query => query.Parameters.AddWithValue("id", id),
        WatchRows.ReadWatches).FirstOrDefault();

    public IReadOnlyList<WatchedPackage> ListWatches() =>
        Read($"SELECT {WatchColumns} FROM watch_packages WHERE removed_at IS NULL ORDER BY id;", _ => { }, WatchRows.ReadWatches);

    public WatchedPackage? SetBaseline(long watchId, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        return _database.Run(connection =>
        {
            using var update = PostgresDatabase.Command(connection, "UPDATE watch_packages SET baseline = @version WHERE id = @id AND baseline IS NULL;");
            update.Parameters.AddWithValue("version", version);
            update.Parameters.AddWithValue("id", watchId);
            update.ExecuteNonQuery();
            return Query(connection, $"SELECT {WatchColumns} FROM watch_packages WHERE id = @id;", query => query.Parameters.AddWithValue("id", watchId), WatchRows.ReadWatches)
                .FirstOrDefault();
        });
    }

    public WatchedVersion? ClaimVersion(long watchId, string package, string version, string? previousVersion, DateTimeOffset? publishedAt, string platform, string? claimedBy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(package);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(platform);
        var claimedAt = Now();
        var published = publishedAt is { } at ? PostgresDatabase.Stored(at) : (DateTimeOffset?)null;
        return _database.Run(connection =>
        {
            using var insert = PostgresDatabase.Command(connection, """
                INSERT INTO watch_versions (watch_id, package, version, previous_version, published_at, platform, claimed_at, claimed_by)
                VALUES (@watch, @package, @version, @previous, @published, @platform, @at, @by)
                ON CONFLICT (watch_id, version) DO NOTHING RETURNING id;
                """);
            insert.Parameters.AddWithValue("watch", watchId);
            insert.Parameters.AddWithValue("package", package);
            insert.Parameters.AddWithValue("version", version);
            PostgresDatabase.Parameter(insert, "previous", NpgsqlDbType.Text, previousVersion);
            PostgresDatabase.Parameter(insert, "published", NpgsqlDbType.TimestampTz, published);
            insert.Parameters.AddWithValue("platform", platform);
            insert.Parameters.AddWithValue("at", claimedAt);
            PostgresDatabase.Parameter(insert, "by", NpgsqlDbType.Text, claimedBy);
            if (insert.ExecuteScalar() is not long id)
            {
                return null;
            }

            return new WatchedVersion
            {
                Id = id, WatchId = watchId, Package = package, Version = version, PreviousVersion = previousVersion, PublishedAt = published,
                Platform = platform, ClaimedAt = claimedAt, ClaimedBy = claimedBy, Scans = 0, Runs = 0, Compared = false,
            };
        });
    }

    public void SetJob(long versionId, string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        _database.Run(connection =>
        {
            using var update = PostgresDatabase.Command(connection, "UPDATE watch_versions SET job_id = @job WHERE id = @id;");
            update.Parameters.AddWithValue("job", jobId);
            update.Parameters.AddWithValue("id", versionId);
            return update.ExecuteNonQuery();
        });
    }

    public IReadOnlyList<WatchedVersion> UnqueuedClaims(DateTimeOffset claimedBefore) => Read(
        $"SELECT {VersionColumns} FROM watch_versions WHERE job_id IS NULL AND completed_at IS NULL AND claimed_at < @before ORDER BY id;",
        query => query.Parameters.AddWithValue("before", claimedBefore.ToUniversalTime()),
        WatchRows.ReadVersions);

    public IReadOnlyList<WatchedVersion> UnqueuedClaimsBy(string claimedBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimedBy);
        return Read(
            $"SELECT {VersionColumns} FROM watch_versions WHERE job_id IS NULL AND completed_at IS NULL AND claimed_by = @by ORDER BY id;",
            query => query.Parameters.AddWithValue("by", claimedBy),
            WatchRows.ReadVersions);
    }

    public WatchedVersion? GetVersion(long versionId) => Read(
        $"SELECT {VersionColumns} FROM watch_versions WHERE id = @id;",
        query => query.Parameters.AddWithValue("id", versionId),
        WatchRows.ReadVersions).FirstOrDefault();

    public WatchedVersion? FindVersion(long watchId, string version) => Read(
        $"SELECT {VersionColumns} FROM watch_versions WHERE watch_id = @watch AND version = @version;",
        query =>
        {
            query.Parameters.AddWithValue("watch", watchId);
            query.Parameters.AddWithValue("version", version);
        },
        WatchRows.ReadVersions).FirstOrDefault();

    public IReadOnlyList<WatchedVersion> Following(long watchId, string version) => Read(
        $"SELECT {VersionColumns} FROM watch_versions WHERE watch_id = @watch AND previous_version = @version ORDER BY id;",
        query =>
        {
            query.Parameters.AddWithValue("watch", watchId);
            query.Parameters.AddWithValue("version", version);
        },
        WatchRows.ReadVersions);

    public IReadOnlyList<WatchedVersion> ListVersions(long watchId) => Read(
        $"SELECT {VersionColumns} FROM watch_versions WHERE watch_id = @watch ORDER BY id;",
        query => query.Parameters.AddWithValue("watch", watchId),
        WatchRows.ReadVersions);

    public WatchedVersion CompleteScan(long versionId, bool freshScan)
    {
        // One statement: the row lock makes two completions count twice, never once.
        var done = Read(
            $"""
            UPDATE watch_versions SET completed_at = coalesce(completed_at, @at), scans = scans + @fresh, runs = runs + 1
            WHERE id = @id RETURNING {VersionColumns};
            """,
            query =>
            {
                query.Parameters.AddWithValue("at", Now());
                query.Parameters.AddWithValue("fresh", freshScan ? 1 : 0);
                query.Parameters.AddWithValue("id", versionId);
            },
            WatchRows.ReadVersions).FirstOrDefault();
        return done ?? throw new StoreException($"no watched version {versionId.ToString(CultureInfo.InvariantCulture)} in {Location}");
    }

    public IReadOnlyList<WatchAlert> RecordComparison(long versionId, IReadOnlyList<WatchAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        return _database.InTransaction<IReadOnlyList<WatchAlert>>(connection =>
        {
            // A second comparison waits on the first one's row lock, then finds compared set and writes nothing.
            using var claim = PostgresDatabase.Command(connection, "UPDATE watch_versions SET compared = true WHERE id = @id AND NOT compared;");
            claim.Parameters.AddWithValue("id", versionId);
            if (claim.ExecuteNonQuery() == 0)
            {
                return [];
            }

            return alerts.Select(alert => InsertAlert(connection, versionId, alert)).ToList();
        });
    }

    public WatchAlert? RecordFailure(long versionId, WatchAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return _database.InTransaction(connection =>
        {
            using var mark = PostgresDatabase.Command(connection, "UPDATE watch_versions SET failure = @reason WHERE id = @id AND failure IS NULL AND completed_at IS NULL;");
            mark.Parameters.AddWithValue("reason", alert.Text);
            mark.Parameters.AddWithValue("id", versionId);
            return mark.ExecuteNonQuery() == 0 ? null : InsertAlert(connection, versionId, alert);
        });
    }

    public IReadOnlyList<WatchAlert> ListAlerts(int limit, long? beforeId = null) => Read(
        $"SELECT {AlertColumns} FROM watch_alerts WHERE @before IS NULL OR id < @before ORDER BY id DESC LIMIT @limit;",
        query =>
        {
            PostgresDatabase.Parameter(query, "before", NpgsqlDbType.Bigint, beforeId);
            query.Parameters.AddWithValue("limit", Math.Max(1, limit));
        },
        WatchRows.ReadAlerts);

    public void Dispose() => _database.Dispose();

    private static WatchAlert InsertAlert(NpgsqlConnection connection, long versionId, WatchAlert alert)
    {
        var createdAt = PostgresDatabase.Stored(alert.CreatedAt);
        using var insert = PostgresDatabase.Command(connection, """
            INSERT INTO watch_alerts (watch_id, version_id, package, version, kind, severity, rule_id, text, json, created_at)
            VALUES (@watch, @version_id, @package, @version, @kind, @severity, @rule, @text, @json, @at) RETURNING id;
            """);
        insert.Parameters.AddWithValue("watch", alert.WatchId);
        insert.Parameters.AddWithValue("version_id", versionId);
        insert.Parameters.AddWithValue("package", alert.Package);
        insert.Parameters.AddWithValue("version", alert.Version);
        insert.Parameters.AddWithValue("kind", alert.Kind);
        PostgresDatabase.Parameter(insert, "severity", NpgsqlDbType.Text, alert.Severity?.ToName());
        PostgresDatabase.Parameter(insert, "rule", NpgsqlDbType.Text, alert.RuleId);
        insert.Parameters.AddWithValue("text", alert.Text);
        insert.Parameters.AddWithValue("json", alert.Json);
        insert.Parameters.AddWithValue("at", createdAt);
        return alert with { Id = (long)insert.ExecuteScalar()!, CreatedAt = createdAt };
    }

    /// <summary>The rows <paramref name="sql"/> gives on a connection of the pool, bound by <paramref name="bind"/> and read by one of <see cref="WatchRows"/>' readers.</summary>
    private List<T> Read<T>(string sql, Action<NpgsqlCommand> bind, Func<DbDataReader, Func<DbDataReader, int, DateTimeOffset>, List<T>> read) =>
        _database.Run(connection => Query(connection, sql, bind, read));

    private static List<T> Query<T>(NpgsqlConnection connection, string sql, Action<NpgsqlCommand> bind, Func<DbDataReader, Func<DbDataReader, int, DateTimeOffset>, List<T>> read)
    {
        using var query = PostgresDatabase.Command(connection, sql);
        bind(query);
        using var reader = query.ExecuteReader();
        return read(reader, PostgresDatabase.ReadTime);
    }

    private DateTimeOffset Now() => PostgresDatabase.Stored(_time.GetUtcNow());
}
