using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Telltale.Tracking.Store;

namespace Telltale.Team;

/// <summary>
/// <see cref="ITeamStore"/> in the result store's own SQLite file (<see cref="ScanStore"/>), beside the scans and
/// timelines it refers to: one file to back up and one <c>--db</c>. Its tables are prefixed <c>team_</c> and have their
/// own schema version in <c>team_schema</c>, since <c>PRAGMA user_version</c> is the scan tables'; a telltale that
/// predates the server opens the file as before and ignores them. One connection under a lock, like ScanStore.
/// </summary>
public sealed partial class SqliteTeamStore : ITeamStore
{
    /// <summary>The team tables' schema this build writes; a file with a higher one is refused, not guessed at.</summary>
    public const int SchemaVersion = 2;

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates the version row the steps below move; run before them in the same transaction, harmless when it exists.</summary>
    private const string Bootstrap = """
        CREATE TABLE IF NOT EXISTS team_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
        INSERT OR IGNORE INTO team_schema (id, version) VALUES (1, 0);
        """;

    /// <summary>Each step moves <c>team_schema.version</c> from its index to the next; never edit a shipped one, add another.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE team_tokens (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            secret_sha256 BLOB NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            created_by INTEGER REFERENCES team_tokens (id),
            revoked_at TEXT
        );
        -- No foreign keys: the log outlives what it names.
        CREATE TABLE team_audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            token_id INTEGER,
            token_name TEXT NOT NULL,
            role TEXT NOT NULL,
            method TEXT NOT NULL,
            route TEXT NOT NULL,
            entity TEXT
        );
        CREATE TABLE team_policies (
            version INTEGER PRIMARY KEY,
            yaml TEXT NOT NULL,
            name TEXT NOT NULL,
            entries INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            saved_by_token INTEGER,
            saved_by TEXT NOT NULL
        );
        CREATE TABLE team_inventories (
            id INTEGER PRIMARY KEY,
            host TEXT NOT NULL,
            received_at TEXT NOT NULL,
            items INTEGER NOT NULL,
            document TEXT NOT NULL,
            posted_by_token INTEGER,
            posted_by TEXT NOT NULL
        );
        CREATE INDEX team_inventories_by_host ON team_inventories (host, id);
        UPDATE team_schema SET version = 1;
        """,
        GatewayMigration,
    ];

    private const string TokenColumns = TeamRows.TokenColumns;
    private const string AuditColumns = TeamRows.AuditColumns;
    private const string PolicyColumns = TeamRows.PolicyColumns;
    private const string InventoryColumns = TeamRows.InventoryColumns;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Opens the team tables in the result store at <paramref name="path"/>, creating the store and upgrading either schema as needed.</summary>
    /// <exception cref="StoreException">when the file is not a telltale store, is damaged, is from a newer telltale, or cannot be opened.</exception>
    public SqliteTeamStore(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _time = time ?? TimeProvider.System;

        // The scan store decides whether the file is ours and brings its own tables up to date; the team tables
        // then only ever go into a telltale store, never into another program's database.
        using (var scans = new ScanStore(path))
        {
            Path = scans.Path;
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

    public IssuedToken IssueToken(string name, TeamRole role, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(audit);
        return Write(audit, () =>
        {
            var issued = InsertToken(name, role, audit.TokenId);
            return (issued, TeamRows.TokenEntity(issued.Token.Id));
        });
    }

    public IssuedToken? IssueFirstAdmin(string name, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(audit);
        return Run(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var count = Command("SELECT count(*) FROM team_tokens WHERE role = $role AND revoked_at IS NULL;");
            count.Parameters.AddWithValue("$role", TeamRoleNames.Admin);
            if ((long)count.ExecuteScalar()! > 0)
            {
                return null;
            }

            var issued = InsertToken(name, TeamRole.Admin, audit.TokenId);
            InsertAudit(audit, TeamRows.TokenEntity(issued.Token.Id));
            transaction.Commit();
            return issued;
        });
    }

    public ApiToken? Authenticate(string secret)
    {
        if (!ApiTokenSecret.HasShape(secret))
        {
            return null;
        }

        // Found through the unique index on the hash: what a timing difference there could tell is about the SHA-256
        // of the caller's own guess, not about any stored secret. The final comparison is constant-time all the same.
        var hash = ApiTokenSecret.Hash(secret);
        return Run(() =>
        {
            using var query = Command($"SELECT {TokenColumns}, secret_sha256 FROM team_tokens WHERE secret_sha256 = $hash AND revoked_at IS NULL;");
            query.Parameters.AddWithValue("$hash", hash);
            using var reader = query.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var stored = (byte[])reader.GetValue(6);
            return CryptographicOperations.FixedTimeEquals(stored, hash) ? TeamRows.ReadToken(reader, SqliteFiles.ReadTime) : null;
        });
    }

    public IReadOnlyList<ApiToken> ListTokens() => Run(() =>
    {
        using var query = Command($"SELECT {TokenColumns} FROM team_tokens ORDER BY id;");
        using var reader = query.ExecuteReader();
        return TeamRows.ReadTokens(reader, SqliteFiles.ReadTime);
    });

    public TokenRevocation RevokeToken(long id, AuditContext audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return Run(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var find = Command("SELECT role, revoked_at FROM team_tokens WHERE id = $id;");
            find.Parameters.AddWithValue("$id", id);
            string role;
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return TokenRevocation.NotFound;
                }

                if (!reader.IsDBNull(1))
                {
                    return TokenRevocation.AlreadyRevoked;
                }

                role = reader.GetString(0);
            }

            if (role == TeamRoleNames.Admin)
            {
                using var admins = Command("SELECT count(*) FROM team_tokens WHERE role = $role AND revoked_at IS NULL;");
                admins.Parameters.AddWithValue("$role", TeamRoleNames.Admin);
                if ((long)admins.ExecuteScalar()! <= 1)
                {
                    return TokenRevocation.LastAdmin;
                }
            }

            using var revoke = Command("UPDATE team_tokens SET revoked_at = $at WHERE id = $id;");
            revoke.Parameters.AddWithValue("$at", TimeText(_time.GetUtcNow()));
            revoke.Parameters.AddWithValue("$id", id);
            revoke.ExecuteNonQuery();
            InsertAudit(audit, TeamRows.TokenEntity(id));
            transaction.Commit();
            return TokenRevocation.Revoked;
        });
    }

    public AuditEntry RecordAudit(AuditContext audit, string entity)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        return Run(() => InsertAudit(audit, entity));
    }

    public IReadOnlyList<AuditEntry> ListAudit(int limit, long? beforeId = null) => Run(() =>
    {
        using var query = Command($"SELECT {AuditColumns} FROM team_audit WHERE $before IS NULL OR id < $before ORDER BY id DESC LIMIT $limit;");
        query.Parameters.AddWithValue("$before", (object?)beforeId ?? DBNull.Value);
        query.Parameters.AddWithValue("$limit", limit > 0 ? limit : -1);
        using var reader = query.ExecuteReader();
        return TeamRows.ReadAudit(reader, SqliteFiles.ReadTime);
    });

    public StoredPolicy SavePolicy(string yaml, string name, int entries, AuditContext audit)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(audit);
        var sha256 = TeamRows.PolicySha256(yaml);
        return Write(audit, () =>
        {
            var savedAt = _time.GetUtcNow();
            using var insert = Command("""
                INSERT INTO team_policies (version, yaml, name, entries, sha256, saved_at, saved_by_token, saved_by)
                VALUES ((SELECT coalesce(max(version), 0) + 1 FROM team_policies), $yaml, $name, $entries, $sha256, $at, $token, $by)
                RETURNING version;
                """);
            insert.Parameters.AddWithValue("$yaml", yaml);
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$entries", entries);
            insert.Parameters.AddWithValue("$sha256", sha256);
            insert.Parameters.AddWithValue("$at", TimeText(savedAt));
            insert.Parameters.AddWithValue("$token", (object?)audit.TokenId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$by", audit.TokenName);
            var version = (long)insert.ExecuteScalar()!;
            var policy = new StoredPolicy
            {
                Version = version, Yaml = yaml, Name = name, Entries = entries, Sha256 = sha256, SavedAt = savedAt,
                SavedByTokenId = audit.TokenId, SavedBy = audit.TokenName,
            };
            return (policy, $"policy:{version}");
        });
    }

    public StoredPolicy? CurrentPolicy() => Run(() =>
    {
        using var query = Command($"SELECT {PolicyColumns} FROM team_policies ORDER BY version DESC LIMIT 1;");
        return ReadPolicies(query).FirstOrDefault();
    });

    public long CurrentPolicyVersion() => Run(() =>
    {
        using var query = Command("SELECT coalesce(max(version), 0) FROM team_policies;");
        return (long)query.ExecuteScalar()!;
    });

    public StoredPolicy? GetPolicy(long version) => Run(() =>
    {
        using var query = Command($"SELECT {PolicyColumns} FROM team_policies WHERE version = $version;");
        query.Parameters.AddWithValue("$version", version);
        return ReadPolicies(query).FirstOrDefault();
    });

    public IReadOnlyList<StoredPolicy> ListPolicies(int limit) => Run(() =>
    {
        using var query = Command($"SELECT {PolicyColumns} FROM team_policies ORDER BY version DESC LIMIT $limit;");
        query.Parameters.AddWithValue("$limit", limit > 0 ? limit : -1);
        return ReadPolicies(query);
    });

    public StoredInventory SaveInventory(string host, string json, int items, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(audit);
        return Write(audit, () =>
        {
            var receivedAt = _time.GetUtcNow();
            using var insert = Command("""
                INSERT INTO team_inventories (host, received_at, items, document, posted_by_token, posted_by)
                VALUES ($host, $at, $items, $document, $token, $by) RETURNING id;
                """);
            insert.Parameters.AddWithValue("$host", host);
            insert.Parameters.AddWithValue("$at", TimeText(receivedAt));
            insert.Parameters.AddWithValue("$items", items);
            insert.Parameters.AddWithValue("$document", json);
            insert.Parameters.AddWithValue("$token", (object?)audit.TokenId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$by", audit.TokenName);
            var id = (long)insert.ExecuteScalar()!;
            var inventory = new StoredInventory
            {
                Id = id, Host = host, ReceivedAt = receivedAt, Json = json, Items = items, PostedByTokenId = audit.TokenId, PostedBy = audit.TokenName,
            };
            return (inventory, $"inventory:{id}");
        });
    }

    public IReadOnlyList<StoredInventory> LatestInventories() => Run(() =>
    {
        using var query = Command($"""
            SELECT {InventoryColumns} FROM team_inventories
            WHERE id IN (SELECT max(id) FROM team_inventories GROUP BY host)
            ORDER BY host;
            """);
        return ReadInventories(query);
    });

    public StoredInventory? LatestInventory(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Run(() =>
        {
            using var query = Command($"SELECT {InventoryColumns} FROM team_inventories WHERE host = $host ORDER BY id DESC LIMIT 1;");
            query.Parameters.AddWithValue("$host", host);
            return ReadInventories(query).FirstOrDefault();
        });
    }

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

    /// <summary>Runs a write and its audit row (naming what <paramref name="write"/> says it wrote) in one transaction: both are kept or neither.</summary>
    private T Write<T>(AuditContext audit, Func<(T Result, string Entity)> write) => Run(() =>
    {
        using var transaction = _connection.BeginTransaction();
        var (result, entity) = write();
        InsertAudit(audit, entity);
        transaction.Commit();
        return result;
    });

    private IssuedToken InsertToken(string name, TeamRole role, long? createdBy)
    {
        var secret = ApiTokenSecret.Generate();
        var createdAt = _time.GetUtcNow();
        using var insert = Command("""
            INSERT INTO team_tokens (name, role, secret_sha256, created_at, created_by)
            VALUES ($name, $role, $hash, $at, $by) RETURNING id;
            """);
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.AddWithValue("$role", TeamRoleNames.Name(role));
        insert.Parameters.AddWithValue("$hash", ApiTokenSecret.Hash(secret));
        insert.Parameters.AddWithValue("$at", TimeText(createdAt));
        insert.Parameters.AddWithValue("$by", (object?)createdBy ?? DBNull.Value);
        var id = (long)insert.ExecuteScalar()!;
        return new IssuedToken(new ApiToken { Id = id, Name = name, Role = role, CreatedAt = createdAt, CreatedBy = createdBy }, secret);
    }

    private AuditEntry InsertAudit(AuditContext audit, string entity) => InsertAudit(_connection, audit, entity, _time.GetUtcNow());

    /// <summary>One audit row in the connection's open transaction; the watch store writes its rows through here too.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "A constant statement; values go in as parameters.")]
    internal static AuditEntry InsertAudit(SqliteConnection connection, AuditContext audit, string entity, DateTimeOffset at)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO team_audit (at, token_id, token_name, role, method, route, entity)
            VALUES ($at, $token, $name, $role, $method, $route, $entity) RETURNING id;
            """;
        insert.Parameters.AddWithValue("$at", TimeText(at));
        insert.Parameters.AddWithValue("$token", (object?)audit.TokenId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$name", audit.TokenName);
        insert.Parameters.AddWithValue("$role", TeamRoleNames.Name(audit.Role));
        insert.Parameters.AddWithValue("$method", audit.Method);
        insert.Parameters.AddWithValue("$route", audit.Route);
        insert.Parameters.AddWithValue("$entity", entity);
        var id = (long)insert.ExecuteScalar()!;
        return new AuditEntry
        {
            Id = id, At = at, TokenId = audit.TokenId, TokenName = audit.TokenName, Role = audit.Role, Method = audit.Method, Route = audit.Route, Entity = entity,
        };
    }

    private static List<StoredPolicy> ReadPolicies(SqliteCommand query)
    {
        using var reader = query.ExecuteReader();
        return TeamRows.ReadPolicies(reader, SqliteFiles.ReadTime);
    }

    private static List<StoredInventory> ReadInventories(SqliteCommand query)
    {
        using var reader = query.ExecuteReader();
        return TeamRows.ReadInventories(reader, SqliteFiles.ReadTime);
    }

    private void Migrate()
    {
        // IMMEDIATE (the default) takes the write lock first, so two servers opening a new file migrate one after the other.
        using var transaction = _connection.BeginTransaction();
        Execute(Bootstrap);
        var version = Scalar("SELECT version FROM team_schema WHERE id = 1;");
        if (version > SchemaVersion)
        {
            throw new StoreException(
                $"the team tables in {Path} were written by a newer telltale (team schema {version}; this one reads up to {SchemaVersion}); upgrade telltale or use another file");
        }

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
        return new StoreException($"cannot use the team tables of {Path}: {problem}", ex);
    }

    private static string TimeText(DateTimeOffset time) => SqliteFiles.TimeText(time);
}
