using Npgsql;
using NpgsqlTypes;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Tracking.History;

namespace Telltale.Tracking.Store.Postgres;

/// <summary>
/// <see cref="IScanStore"/> in a PostgreSQL database, for a server whose team shares one database rather than a file:
/// the same rows as <see cref="ScanStore"/> (the report a Brotli <c>bytea</c>, written by <see cref="ScanRows"/>), times as
/// <c>timestamptz</c> (to the microsecond). Its schema version is in <c>scan_schema</c>. A save is one transaction, an
/// upsert on (identity, fingerprint): however many threads or servers save the same scan at once, one row is kept.
/// </summary>
public sealed class PostgresScanStore : IScanStore
{
    /// <summary>Each step moves <c>scan_schema.version</c> from its index to the next; never edit a shipped one, add another.</summary>
    private static readonly string[] Migrations =
    [
        // The SQLite store's three steps in one. COLLATE "C" on the hex columns: their range lookups compare bytes.
        """
        CREATE TABLE scans (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            identity text COLLATE "C" NOT NULL,
            fingerprint text NOT NULL,
            sha256 text COLLATE "C" NOT NULL,
            source text NOT NULL,
            name text NOT NULL,
            version text,
            platform text,
            tool_version text NOT NULL,
            scanned_at timestamptz NOT NULL,
            critical integer NOT NULL,
            high integer NOT NULL,
            medium integer NOT NULL,
            low integer NOT NULL,
            info integer NOT NULL,
            report_size bigint NOT NULL,
            report bytea NOT NULL,
            rule_packs text,
            analyze_behaviour boolean,
            UNIQUE (identity, fingerprint)
        );
        CREATE INDEX scans_by_sha256 ON scans (sha256);
        CREATE INDEX scans_by_name ON scans (name, version);
        CREATE INDEX scans_by_time ON scans (scanned_at);
        CREATE TABLE npm_targets (
            name text NOT NULL,
            version text NOT NULL,
            platform text NOT NULL,
            fingerprint text NOT NULL,
            scan_id bigint NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            PRIMARY KEY (name, version, platform, fingerprint)
        );
        CREATE TABLE timelines (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind text NOT NULL,
            package text NOT NULL,
            range text,
            platform text,
            behaviour text,
            tool_version text NOT NULL,
            made_at timestamptz NOT NULL,
            document text NOT NULL
        );
        CREATE INDEX timelines_by_package ON timelines (package, id);
        """,
    ];

    private const string SummaryColumns = """
        id, sha256, name, version, source, platform, tool_version, scanned_at, fingerprint, critical, high, medium, low, info,
        rule_packs, analyze_behaviour, (SELECT string_agg(platform, ' ' ORDER BY platform) FROM npm_targets WHERE scan_id = scans.id)
        """;

    private const string TimelineColumns = "id, kind, package, range, platform, behaviour, tool_version, made_at, document";

    private readonly PostgresDatabase _database;

    /// <summary>Opens the store in the database <paramref name="database"/> names, creating or upgrading its tables.</summary>
    /// <param name="database">An Npgsql connection string (<c>Host=…</c>) or a <c>postgresql://</c> URI.</param>
    /// <exception cref="StoreException">when the database cannot be reached, refuses the login, or was written by a newer telltale.</exception>
    public PostgresScanStore(string database)
    {
        _database = new PostgresDatabase(database, "the scan tables");
        try
        {
            _database.Migrate("scan_schema", Migrations);
        }
        catch
        {
            _database.Dispose();
            throw;
        }
    }

    /// <summary>The schema this build writes; a database with a higher one is refused, not guessed at.</summary>
    public static int SchemaVersion => Migrations.Length;

    public string Location => _database.Location;

    public void Save(ScanReport report, string fingerprint, string? requestedPlatform = null, ScanSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var (compressed, size) = ScanRows.Encode(report);
        var target = report.Target;
        var counts = ScanRows.SeverityCounts(report);
        _database.InTransaction(connection =>
        {
            // DO UPDATE rather than DO NOTHING: the later report replaces the earlier, as in ScanStore, and RETURNING
            // gives the row's id either way. PostgreSQL settles concurrent upserts of one key without an error.
            using var insert = PostgresDatabase.Command(connection, """
                INSERT INTO scans (identity, fingerprint, sha256, source, name, version, platform, tool_version, scanned_at,
                                   critical, high, medium, low, info, report_size, report, rule_packs, analyze_behaviour)
                VALUES (@identity, @fingerprint, @sha256, @source, @name, @version, @platform, @tool, @scannedAt,
                        @critical, @high, @medium, @low, @info, @size, @report, @rulePacks, @behaviour)
                ON CONFLICT (identity, fingerprint) DO UPDATE SET
                    sha256 = excluded.sha256, source = excluded.source, name = excluded.name, version = excluded.version,
                    platform = excluded.platform, tool_version = excluded.tool_version, scanned_at = excluded.scanned_at,
                    critical = excluded.critical, high = excluded.high, medium = excluded.medium, low = excluded.low,
                    info = excluded.info, report_size = excluded.report_size, report = excluded.report,
                    rule_packs = excluded.rule_packs, analyze_behaviour = excluded.analyze_behaviour
                RETURNING id;
                """);
            insert.Parameters.AddWithValue("identity", ScanRows.Identity(target));
            insert.Parameters.AddWithValue("fingerprint", fingerprint);
            insert.Parameters.AddWithValue("sha256", target.Sha256);
            insert.Parameters.AddWithValue("source", target.Source);
            insert.Parameters.AddWithValue("name", target.Name);
            PostgresDatabase.Parameter(insert, "version", NpgsqlDbType.Text, target.Version);
            PostgresDatabase.Parameter(insert, "platform", NpgsqlDbType.Text, target.Platform);
            insert.Parameters.AddWithValue("tool", report.ToolVersion);
            insert.Parameters.AddWithValue("scannedAt", PostgresDatabase.Stored(report.ScannedAt));
            insert.Parameters.AddWithValue("critical", counts[Severity.Critical]);
            insert.Parameters.AddWithValue("high", counts[Severity.High]);
            insert.Parameters.AddWithValue("medium", counts[Severity.Medium]);
            insert.Parameters.AddWithValue("low", counts[Severity.Low]);
            insert.Parameters.AddWithValue("info", counts[Severity.Info]);
            insert.Parameters.AddWithValue("size", (long)size);
            insert.Parameters.AddWithValue("report", compressed);
            PostgresDatabase.Parameter(insert, "rulePacks", NpgsqlDbType.Text, ScanRows.RulePacksText(settings));
            PostgresDatabase.Parameter(insert, "behaviour", NpgsqlDbType.Boolean, settings?.AnalyzeBehaviour);
            var id = (long)insert.ExecuteScalar()!;

            foreach (var platform in ScanRows.NpmPlatformKeys(target, requestedPlatform))
            {
                using var link = PostgresDatabase.Command(connection, """
                    INSERT INTO npm_targets (name, version, platform, fingerprint, scan_id) VALUES (@name, @version, @platform, @fingerprint, @id)
                    ON CONFLICT (name, version, platform, fingerprint) DO UPDATE SET scan_id = excluded.scan_id;
                    """);
                link.Parameters.AddWithValue("name", target.Name);
                link.Parameters.AddWithValue("version", target.Version!);
                link.Parameters.AddWithValue("platform", platform);
                link.Parameters.AddWithValue("fingerprint", fingerprint);
                link.Parameters.AddWithValue("id", id);
                link.ExecuteNonQuery();
            }

            return id;
        });
    }

    public void LinkNpm(string name, string version, string? platform, string fingerprint, ResolvedTarget resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var identity = ScanRows.Identity(resolved);
        _database.Run(connection =>
        {
            using var link = PostgresDatabase.Command(connection, """
                INSERT INTO npm_targets (name, version, platform, fingerprint, scan_id)
                SELECT @name, @version, @platform, @fingerprint, id FROM scans WHERE identity = @identity AND fingerprint = @fingerprint
                ON CONFLICT (name, version, platform, fingerprint) DO UPDATE SET scan_id = excluded.scan_id;
                """);
            link.Parameters.AddWithValue("name", name);
            link.Parameters.AddWithValue("version", version);
            link.Parameters.AddWithValue("platform", ScanRows.PlatformKey(platform));
            link.Parameters.AddWithValue("fingerprint", fingerprint);
            link.Parameters.AddWithValue("identity", identity);
            return link.ExecuteNonQuery();
        });
    }

    public ScanReport? TryGet(string sha256, string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        return TryGetByIdentity(ScanRows.Identity(sha256.ToLowerInvariant(), null, []), fingerprint);
    }

    public ScanReport? TryGet(ResolvedTarget resolved, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        return TryGetByIdentity(ScanRows.Identity(resolved), fingerprint);
    }

    public ScanReport? TryGetNpm(string name, string version, string? platform, string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        return ReadReport("""
            SELECT s.report_size, s.report FROM npm_targets n JOIN scans s ON s.id = n.scan_id
            WHERE n.name = @name AND n.version = @version AND n.platform = @platform AND n.fingerprint = @fingerprint;
            """, query =>
        {
            query.Parameters.AddWithValue("name", name);
            query.Parameters.AddWithValue("version", version);
            query.Parameters.AddWithValue("platform", ScanRows.PlatformKey(platform));
            query.Parameters.AddWithValue("fingerprint", fingerprint);
        });
    }

    public IReadOnlyList<StoredScanSummary> List(string? nameFilter = null, int limit = 0) => _database.Run(connection =>
    {
        using var query = PostgresDatabase.Command(connection, $"""
            SELECT {SummaryColumns}
            FROM scans
            WHERE @name IS NULL OR strpos(lower(name), lower(@name)) > 0
            ORDER BY scanned_at DESC, id DESC
            LIMIT @limit;
            """);
        PostgresDatabase.Parameter(query, "name", NpgsqlDbType.Text, string.IsNullOrEmpty(nameFilter) ? null : nameFilter);
        PostgresDatabase.Limit(query, limit);
        return ReadSummaries(query);
    });

    public IReadOnlyList<StoredScanSummary> Find(string key)
    {
        var lookup = ScanRows.ParseKey(key);
        return _database.Run(connection =>
        {
            if (lookup.Sha256Prefix is not { } prefix)
            {
                using var npm = PostgresDatabase.Command(connection, $"""
                    SELECT {SummaryColumns} FROM scans WHERE source = 'npm' AND name = @name AND version = @version
                    ORDER BY scanned_at DESC, id DESC;
                    """);
                npm.Parameters.AddWithValue("name", lookup.NpmName!);
                npm.Parameters.AddWithValue("version", lookup.NpmVersion!);
                return ReadSummaries(npm);
            }

            using var count = PostgresDatabase.Command(connection, "SELECT count(DISTINCT sha256) FROM scans WHERE sha256 >= @low AND sha256 < @high;");
            count.Parameters.AddWithValue("low", prefix);
            count.Parameters.AddWithValue("high", ScanRows.PrefixRangeEnd(prefix));
            var artifacts = (long)count.ExecuteScalar()!;
            if (artifacts > 1)
            {
                throw ScanRows.AmbiguousPrefix(prefix, artifacts);
            }

            using var query = PostgresDatabase.Command(connection, $"""
                SELECT {SummaryColumns} FROM scans WHERE sha256 >= @low AND sha256 < @high
                ORDER BY scanned_at DESC, id DESC;
                """);
            query.Parameters.AddWithValue("low", prefix);
            query.Parameters.AddWithValue("high", ScanRows.PrefixRangeEnd(prefix));
            return ReadSummaries(query);
        });
    }

    public ScanReport? Read(StoredScanSummary scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return ReadReport("SELECT report_size, report FROM scans WHERE id = @id AND fingerprint = @fingerprint;", query =>
        {
            query.Parameters.AddWithValue("id", scan.Id);
            query.Parameters.AddWithValue("fingerprint", scan.Fingerprint);
        });
    }

    public ScanReport? Show(string key) => Find(key) is [var newest, ..] ? Read(newest) : null;

    public StoredTimeline SaveTimeline(VersionTimeline timeline, string? platform, string toolVersion, DateTimeOffset madeAt) =>
        Insert(ScanRows.Unsaved(timeline, platform, toolVersion, madeAt));

    public StoredTimeline SaveTimeline(BisectResult bisection, string? platform, string toolVersion, DateTimeOffset madeAt) =>
        Insert(ScanRows.Unsaved(bisection, platform, toolVersion, madeAt));

    public StoredTimeline? GetTimeline(long id) => _database.Run(connection =>
    {
        using var query = PostgresDatabase.Command(connection, $"SELECT {TimelineColumns} FROM timelines WHERE id = @id;");
        query.Parameters.AddWithValue("id", id);
        return ReadTimelines(query).FirstOrDefault();
    });

    public IReadOnlyList<StoredTimeline> ListTimelines(string? package = null, string? kind = null, int limit = 0) => _database.Run(connection =>
    {
        using var query = PostgresDatabase.Command(connection, $"""
            SELECT {TimelineColumns} FROM timelines
            WHERE (@package IS NULL OR package = @package) AND (@kind IS NULL OR kind = @kind)
            ORDER BY id DESC LIMIT @limit;
            """);
        PostgresDatabase.Parameter(query, "package", NpgsqlDbType.Text, package);
        PostgresDatabase.Parameter(query, "kind", NpgsqlDbType.Text, kind);
        PostgresDatabase.Limit(query, limit);
        return ReadTimelines(query);
    });

    public void Dispose() => _database.Dispose();

    private StoredTimeline Insert(StoredTimeline timeline) => _database.Run(connection =>
    {
        var madeAt = PostgresDatabase.Stored(timeline.MadeAt);
        using var insert = PostgresDatabase.Command(connection, """
            INSERT INTO timelines (kind, package, range, platform, behaviour, tool_version, made_at, document)
            VALUES (@kind, @package, @range, @platform, @behaviour, @tool, @madeAt, @document) RETURNING id;
            """);
        insert.Parameters.AddWithValue("kind", timeline.Kind);
        insert.Parameters.AddWithValue("package", timeline.Package);
        PostgresDatabase.Parameter(insert, "range", NpgsqlDbType.Text, timeline.Range);
        PostgresDatabase.Parameter(insert, "platform", NpgsqlDbType.Text, timeline.Platform);
        PostgresDatabase.Parameter(insert, "behaviour", NpgsqlDbType.Text, timeline.Behaviour);
        insert.Parameters.AddWithValue("tool", timeline.ToolVersion);
        insert.Parameters.AddWithValue("madeAt", madeAt);
        insert.Parameters.AddWithValue("document", timeline.Json);
        return timeline with { Id = (long)insert.ExecuteScalar()!, MadeAt = madeAt };
    });

    private ScanReport? TryGetByIdentity(string identity, string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        return ReadReport("SELECT report_size, report FROM scans WHERE identity = @identity AND fingerprint = @fingerprint;", query =>
        {
            query.Parameters.AddWithValue("identity", identity);
            query.Parameters.AddWithValue("fingerprint", fingerprint);
        });
    }

    /// <summary>The report in the first row of <paramref name="sql"/> (its size and blob), decoded outside the connection; null when there is none.</summary>
    private ScanReport? ReadReport(string sql, Action<NpgsqlCommand> bind)
    {
        var row = _database.Run(connection =>
        {
            using var query = PostgresDatabase.Command(connection, sql);
            bind(query);
            using var reader = query.ExecuteReader();
            return reader.Read() ? (Size: reader.GetInt64(0), Blob: reader.GetFieldValue<byte[]>(1)) : ((long Size, byte[] Blob)?)null;
        });
        return row is { } found ? ScanRows.Decode(found.Size, found.Blob, Location) : null;
    }

    private static List<StoredScanSummary> ReadSummaries(NpgsqlCommand query)
    {
        using var reader = query.ExecuteReader();
        return ScanRows.ReadSummaries(reader, PostgresDatabase.ReadTime);
    }

    private static List<StoredTimeline> ReadTimelines(NpgsqlCommand query)
    {
        using var reader = query.ExecuteReader();
        return ScanRows.ReadTimelines(reader, PostgresDatabase.ReadTime);
    }
}
