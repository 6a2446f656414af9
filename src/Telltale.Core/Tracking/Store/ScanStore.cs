using System.Globalization;
using Microsoft.Data.Sqlite;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Reports;

namespace Telltale.Tracking.Store;

/// <summary>
/// Every finished scan, kept in one SQLite file by artifact and <see cref="ScanFingerprint"/>, so nothing
/// is scanned twice and the tracking verbs compare stored reports. Each save is its own transaction: a
/// crash or Ctrl-C loses only the scan that was running. WAL and a busy timeout let several telltale
/// processes share the file; within a process one instance may be used from any number of threads.
/// </summary>
public sealed partial class ScanStore : IScanStore
{
    /// <summary>The schema this build writes (<c>PRAGMA user_version</c>); a file with a higher one is refused, not guessed at.</summary>
    public const int SchemaVersion = 3;

    /// <summary><c>PRAGMA application_id</c> "TTLS": tells our file from another program's SQLite database at --db.</summary>
    private const long ApplicationId = 0x54544C53;

    private const string FileName = "scans.db";

    /// <summary>Another process saving a large report holds the write lock for well under a second; this is the patience for a slow disk.</summary>
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Each step moves <c>user_version</c> from its index to the next; never edit a shipped one, add another.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE scans (
            id INTEGER PRIMARY KEY,
            identity TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            source TEXT NOT NULL,
            name TEXT NOT NULL,
            version TEXT,
            platform TEXT,
            tool_version TEXT NOT NULL,
            scanned_at TEXT NOT NULL,
            critical INTEGER NOT NULL,
            high INTEGER NOT NULL,
            medium INTEGER NOT NULL,
            low INTEGER NOT NULL,
            info INTEGER NOT NULL,
            report_size INTEGER NOT NULL,
            report BLOB NOT NULL,
            UNIQUE (identity, fingerprint)
        );
        CREATE INDEX scans_by_sha256 ON scans (sha256);
        CREATE INDEX scans_by_name ON scans (name, version);
        CREATE INDEX scans_by_time ON scans (scanned_at);
        CREATE TABLE npm_targets (
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            platform TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
            PRIMARY KEY (name, version, platform, fingerprint)
        ) WITHOUT ROWID;
        PRAGMA application_id = 1414810707; -- ApplicationId, "TTLS"
        PRAGMA user_version = 1;
        """,
        // How each scan was made (ScanSettings); NULL in rows saved before.
        """
        ALTER TABLE scans ADD COLUMN rule_packs TEXT;
        ALTER TABLE scans ADD COLUMN analyze_behaviour INTEGER;
        PRAGMA user_version = 2;
        """,
        // History and bisection results, so a policy can cite them (ScanStore.Timelines.cs).
        """
        CREATE TABLE timelines (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            package TEXT NOT NULL,
            range TEXT,
            platform TEXT,
            behaviour TEXT,
            tool_version TEXT NOT NULL,
            made_at TEXT NOT NULL,
            document TEXT NOT NULL
        );
        CREATE INDEX timelines_by_package ON timelines (package, id);
        PRAGMA user_version = 3;
        """,
    ];

    private const string SummaryColumns = """
        id, sha256, name, version, source, platform, tool_version, scanned_at, fingerprint, critical, high, medium, low, info,
        rule_packs, analyze_behaviour, (SELECT group_concat(platform, ' ') FROM npm_targets WHERE scan_id = scans.id)
        """;

    private readonly SqliteConnection _connection;

    // One connection, used under this lock: SQLite connections are not thread-safe, and the slow parts
    // (compressing, decoding the report) happen outside it.
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Opens the store at <paramref name="path"/>, creating the file and its folder when missing and upgrading an older schema.</summary>
    /// <exception cref="StoreException">when the file is not a telltale store, is damaged, is from a newer telltale, or cannot be opened.</exception>
    public ScanStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot create the folder of the result store {Path}: {ex.Message}", ex);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // Pooling would keep the file open after Dispose, which a caller deleting or moving it does not expect.
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            Execute($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};");
            CheckIsOurs();

            // WAL lets readers go on while another process saves; it is a property of the file, set once.
            Execute("PRAGMA journal_mode = WAL;");
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

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The same as <see cref="Path"/>.</summary>
    public string Location => Path;

    /// <summary>
    /// <c>$TELLTALE_DATA_DIR/scans.db</c>, else <c>$XDG_DATA_HOME/telltale/scans.db</c>, else
    /// <c>~/.local/share/telltale/scans.db</c> on Linux and the local application data folder on Windows and macOS.
    /// </summary>
    public static string DefaultPath() =>
        DefaultPath(
            Environment.GetEnvironmentVariable,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData) : null);

    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="homeDirectory">The user's home folder.</param>
    /// <param name="platformDataDirectory">The platform's local application data folder; null where the XDG layout applies.</param>
    public static string DefaultPath(Func<string, string?> environment, string? homeDirectory, string? platformDataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("TELLTALE_DATA_DIR") is { Length: > 0 } explicitDirectory)
        {
            return System.IO.Path.Combine(System.IO.Path.GetFullPath(explicitDirectory), FileName);
        }

        if (environment("XDG_DATA_HOME") is { Length: > 0 } xdg)
        {
            return System.IO.Path.Combine(System.IO.Path.GetFullPath(xdg), "telltale", FileName);
        }

        if (!string.IsNullOrEmpty(platformDataDirectory))
        {
            return System.IO.Path.Combine(platformDataDirectory, "telltale", FileName);
        }

        var home = string.IsNullOrEmpty(homeDirectory) ? System.IO.Path.GetTempPath() : homeDirectory;
        return System.IO.Path.Combine(home, ".local", "share", "telltale", FileName);
    }

    /// <summary>
    /// Keeps <paramref name="report"/> under its artifact (with its platform packages) and
    /// <paramref name="fingerprint"/>, replacing an earlier scan of the same pair, in one transaction.
    /// </summary>
    /// <param name="requestedPlatform">
    /// For npm targets, the <c>--platform</c> the scan was made for (<c>linux-x64</c>, or <c>none</c>). It
    /// matters only when the package turned out to have no platform packages: the scan then also answers
    /// <see cref="TryGetNpm"/> for that platform. Null when not known.
    /// </param>
    /// <param name="settings">The rules and options behind <paramref name="fingerprint"/>, kept so they can be named later; null when not known.</param>
    /// <exception cref="StoreException">when the database cannot be written.</exception>
    public void Save(ScanReport report, string fingerprint, string? requestedPlatform = null, ScanSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var (compressed, size) = ScanRows.Encode(report);
        var target = report.Target;
        var identity = ScanRows.Identity(target);
        var counts = ScanRows.SeverityCounts(report);
        Run(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = Command("""
                INSERT INTO scans (identity, fingerprint, sha256, source, name, version, platform, tool_version, scanned_at,
                                   critical, high, medium, low, info, report_size, report, rule_packs, analyze_behaviour)
                VALUES ($identity, $fingerprint, $sha256, $source, $name, $version, $platform, $tool, $scannedAt,
                        $critical, $high, $medium, $low, $info, $size, $report, $rulePacks, $behaviour)
                ON CONFLICT (identity, fingerprint) DO UPDATE SET
                    sha256 = excluded.sha256, source = excluded.source, name = excluded.name, version = excluded.version,
                    platform = excluded.platform, tool_version = excluded.tool_version, scanned_at = excluded.scanned_at,
                    critical = excluded.critical, high = excluded.high, medium = excluded.medium, low = excluded.low,
                    info = excluded.info, report_size = excluded.report_size, report = excluded.report,
                    rule_packs = excluded.rule_packs, analyze_behaviour = excluded.analyze_behaviour
                RETURNING id;
                """);
            insert.Parameters.AddWithValue("$identity", identity);
            insert.Parameters.AddWithValue("$fingerprint", fingerprint);
            insert.Parameters.AddWithValue("$sha256", target.Sha256);
            insert.Parameters.AddWithValue("$source", target.Source);
            insert.Parameters.AddWithValue("$name", target.Name);
            insert.Parameters.AddWithValue("$version", (object?)target.Version ?? DBNull.Value);
            insert.Parameters.AddWithValue("$platform", (object?)target.Platform ?? DBNull.Value);
            insert.Parameters.AddWithValue("$tool", report.ToolVersion);
            insert.Parameters.AddWithValue("$scannedAt", TimeText(report.ScannedAt));
            insert.Parameters.AddWithValue("$critical", counts[Severity.Critical]);
            insert.Parameters.AddWithValue("$high", counts[Severity.High]);
            insert.Parameters.AddWithValue("$medium", counts[Severity.Medium]);
            insert.Parameters.AddWithValue("$low", counts[Severity.Low]);
            insert.Parameters.AddWithValue("$info", counts[Severity.Info]);
            insert.Parameters.AddWithValue("$size", size);
            insert.Parameters.AddWithValue("$report", compressed);
            insert.Parameters.AddWithValue("$rulePacks", (object?)ScanRows.RulePacksText(settings) ?? DBNull.Value);
            insert.Parameters.AddWithValue("$behaviour", settings is null ? DBNull.Value : (object)settings.AnalyzeBehaviour);
            var id = (long)insert.ExecuteScalar()!;

            foreach (var platform in ScanRows.NpmPlatformKeys(target, requestedPlatform))
            {
                Link(target.Name, target.Version!, platform, fingerprint, id);
            }

            transaction.Commit();
        });
    }

    /// <summary>The stored report of the artifact with this sha256 scanned alone (no platform packages) under <paramref name="fingerprint"/>; null when there is none.</summary>
    /// <exception cref="StoreException">when the database or the stored report is unreadable.</exception>
    public ScanReport? TryGet(string sha256, string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        return TryGetByIdentity(ScanRows.Identity(sha256.ToLowerInvariant(), null, []), fingerprint);
    }

    /// <summary>The stored report of a resolved target, its platform packages included, under <paramref name="fingerprint"/>; null when there is none.</summary>
    /// <exception cref="StoreException">when the database or the stored report is unreadable.</exception>
    public ScanReport? TryGet(ResolvedTarget resolved, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        return TryGetByIdentity(ScanRows.Identity(resolved), fingerprint);
    }

    /// <summary>
    /// The stored report of <c>npm:name@version</c> scanned for <paramref name="platform"/> under
    /// <paramref name="fingerprint"/>, without the registry or the tarball: a published npm version never
    /// changes. Null when there is none.
    /// </summary>
    /// <param name="name">The package name as the registry spells it.</param>
    /// <param name="version">An exact version.</param>
    /// <param name="platform">The platform whose platform packages come with it (<c>linux-x64</c>); null or <c>none</c> for the package alone.</param>
    /// <param name="fingerprint">The <see cref="ScanFingerprint"/> the scan must have been made with.</param>
    /// <exception cref="StoreException">when the database or the stored report is unreadable.</exception>
    public ScanReport? TryGetNpm(string name, string version, string? platform, string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var row = Run(() =>
        {
            using var query = Command("""
                SELECT s.report_size, s.report FROM npm_targets n JOIN scans s ON s.id = n.scan_id
                WHERE n.name = $name AND n.version = $version AND n.platform = $platform AND n.fingerprint = $fingerprint;
                """);
            query.Parameters.AddWithValue("$name", name);
            query.Parameters.AddWithValue("$version", version);
            query.Parameters.AddWithValue("$platform", ScanRows.PlatformKey(platform));
            query.Parameters.AddWithValue("$fingerprint", fingerprint);
            return ReadBlob(query);
        });
        return row is { } found ? Decode(found.Size, found.Blob) : null;
    }

    /// <summary>Stored scans, newest first, read from the table alone (no report is decoded).</summary>
    /// <param name="nameFilter">Keeps scans whose target name contains this, ignoring case; null for all.</param>
    /// <param name="limit">At most this many; 0 or less for all.</param>
    /// <exception cref="StoreException">when the database is unreadable.</exception>
    public IReadOnlyList<StoredScanSummary> List(string? nameFilter = null, int limit = 0) => Run(() =>
    {
        using var query = Command($"""
            SELECT {SummaryColumns}
            FROM scans
            WHERE $name IS NULL OR instr(lower(name), lower($name)) > 0
            ORDER BY scanned_at DESC, id DESC
            LIMIT $limit;
            """);
        query.Parameters.AddWithValue("$name", string.IsNullOrEmpty(nameFilter) ? DBNull.Value : nameFilter);
        query.Parameters.AddWithValue("$limit", limit > 0 ? limit : -1);
        return ReadSummaries(query);
    });

    /// <summary>
    /// Every stored scan for <paramref name="key"/>, newest first: one per way the artifact was scanned
    /// (rules, options, tool version, platform). The key is a sha256 or a prefix of one (at least 4 hex
    /// digits), or <c>npm:NAME@VERSION</c>. Empty when nothing matches.
    /// </summary>
    /// <exception cref="StoreException">when the key is malformed, a prefix matches several artifacts, or the database is unreadable.</exception>
    public IReadOnlyList<StoredScanSummary> Find(string key)
    {
        var lookup = ScanRows.ParseKey(key);
        if (lookup.Sha256Prefix is not { } prefix)
        {
            return Run(() =>
            {
                using var query = Command($"""
                    SELECT {SummaryColumns} FROM scans WHERE source = 'npm' AND name = $name AND version = $version
                    ORDER BY scanned_at DESC, id DESC;
                    """);
                query.Parameters.AddWithValue("$name", lookup.NpmName);
                query.Parameters.AddWithValue("$version", lookup.NpmVersion);
                return ReadSummaries(query);
            });
        }

        return Run(() =>
        {
            using var count = Command("SELECT count(DISTINCT sha256) FROM scans WHERE sha256 >= $low AND sha256 < $high;");
            count.Parameters.AddWithValue("$low", prefix);
            count.Parameters.AddWithValue("$high", ScanRows.PrefixRangeEnd(prefix));
            var artifacts = (long)count.ExecuteScalar()!;
            if (artifacts > 1)
            {
                throw ScanRows.AmbiguousPrefix(prefix, artifacts);
            }

            using var query = Command($"""
                SELECT {SummaryColumns} FROM scans WHERE sha256 >= $low AND sha256 < $high
                ORDER BY scanned_at DESC, id DESC;
                """);
            query.Parameters.AddWithValue("$low", prefix);
            query.Parameters.AddWithValue("$high", ScanRows.PrefixRangeEnd(prefix));
            return ReadSummaries(query);
        });
    }

    /// <summary>The report of the stored scan <paramref name="scan"/> (from <see cref="List"/> or <see cref="Find"/>); null when it has been replaced since.</summary>
    /// <exception cref="StoreException">when the database or the stored report is unreadable.</exception>
    public ScanReport? Read(StoredScanSummary scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var row = Run(() =>
        {
            using var query = Command("SELECT report_size, report FROM scans WHERE id = $id AND fingerprint = $fingerprint;");
            query.Parameters.AddWithValue("$id", scan.Id);
            query.Parameters.AddWithValue("$fingerprint", scan.Fingerprint);
            return ReadBlob(query);
        });
        return row is { } found ? Decode(found.Size, found.Blob) : null;
    }

    /// <summary>
    /// The newest stored report for <paramref name="key"/>: a sha256 or a prefix of one (at least 4 hex
    /// digits), or <c>npm:NAME@VERSION</c>. Null when nothing matches.
    /// </summary>
    /// <exception cref="StoreException">when the key is malformed, a prefix matches several artifacts, or the database is unreadable.</exception>
    public ScanReport? Show(string key) => Find(key) is [var newest, ..] ? Read(newest) : null;

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

    /// <summary>
    /// Lets <c>npm:name@version</c> for <paramref name="platform"/> find the stored scan of
    /// <paramref name="resolved"/>, so the next request for it needs neither registry nor tarball.
    /// </summary>
    public void LinkNpm(string name, string version, string? platform, string fingerprint, ResolvedTarget resolved)
    {
        var identity = ScanRows.Identity(resolved);
        Run(() =>
        {
            using var query = Command("""
                INSERT OR REPLACE INTO npm_targets (name, version, platform, fingerprint, scan_id)
                SELECT $name, $version, $platform, $fingerprint, id FROM scans WHERE identity = $identity AND fingerprint = $fingerprint;
                """);
            query.Parameters.AddWithValue("$name", name);
            query.Parameters.AddWithValue("$version", version);
            query.Parameters.AddWithValue("$platform", ScanRows.PlatformKey(platform));
            query.Parameters.AddWithValue("$fingerprint", fingerprint);
            query.Parameters.AddWithValue("$identity", identity);
            query.ExecuteNonQuery();
        });
    }

    private void Link(string name, string version, string platform, string fingerprint, long scanId)
    {
        using var query = Command("INSERT OR REPLACE INTO npm_targets (name, version, platform, fingerprint, scan_id) VALUES ($name, $version, $platform, $fingerprint, $id);");
        query.Parameters.AddWithValue("$name", name);
        query.Parameters.AddWithValue("$version", version);
        query.Parameters.AddWithValue("$platform", platform);
        query.Parameters.AddWithValue("$fingerprint", fingerprint);
        query.Parameters.AddWithValue("$id", scanId);
        query.ExecuteNonQuery();
    }

    private ScanReport? TryGetByIdentity(string identity, string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var row = Run(() =>
        {
            using var query = Command("SELECT report_size, report FROM scans WHERE identity = $identity AND fingerprint = $fingerprint;");
            query.Parameters.AddWithValue("$identity", identity);
            query.Parameters.AddWithValue("$fingerprint", fingerprint);
            return ReadBlob(query);
        });
        return row is { } found ? Decode(found.Size, found.Blob) : null;
    }

    private static List<StoredScanSummary> ReadSummaries(SqliteCommand query)
    {
        using var reader = query.ExecuteReader();
        return ScanRows.ReadSummaries(reader, SqliteFiles.ReadTime);
    }

    private static (long Size, byte[] Blob)? ReadBlob(SqliteCommand query)
    {
        using var reader = query.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
    }

    private void CheckIsOurs()
    {
        var version = Scalar("PRAGMA user_version;");
        if (version > SchemaVersion)
        {
            throw new StoreException(
                $"the result store {Path} was written by a newer telltale (store schema {version}; this one reads up to {SchemaVersion}); upgrade telltale or use another file");
        }

        var application = Scalar("PRAGMA application_id;");
        var tables = Scalar("SELECT count(*) FROM sqlite_schema;");
        if (application != ApplicationId && (application != 0 || version != 0 || tables != 0))
        {
            throw new StoreException($"{Path} is a SQLite database of another program, not a telltale result store");
        }
    }

    private void Migrate()
    {
        if (Scalar("PRAGMA user_version;") == SchemaVersion)
        {
            return;
        }

        // IMMEDIATE (the default here) takes the write lock first, so two processes opening a new file
        // migrate one after the other, and the second sees the first one's version below.
        using var transaction = _connection.BeginTransaction();
        var version = Scalar("PRAGMA user_version;");
        for (var step = (int)version; step < SchemaVersion; step++)
        {
            Execute(Migrations[step]);
        }

        transaction.Commit();
    }

    private long Scalar(string sql)
    {
        using var command = Command(sql);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
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

    private void Run(Action action) => Run(() =>
    {
        action();
        return true;
    });

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

    private StoreException Unusable(SqliteException ex)
    {
        var problem = SqliteFiles.Problem(ex, BusyTimeout);
        return new StoreException($"cannot use the result store {Path}: {problem}", ex);
    }

    private ScanReport Decode(long size, byte[] compressed) => ScanRows.Decode(size, compressed, Path);

    private static string TimeText(DateTimeOffset time) => SqliteFiles.TimeText(time);
}
