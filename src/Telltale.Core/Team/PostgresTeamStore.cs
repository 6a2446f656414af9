using System.Data.Common;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Telltale.Tracking.Store;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Team;

/// <summary>
/// <see cref="ITeamStore"/> in a PostgreSQL database, beside <see cref="PostgresScanStore"/>'s tables: the same
/// <c>team_*</c> tables as <see cref="SqliteTeamStore"/>, their schema version in <c>team_schema</c>, times as
/// <c>timestamptz</c> (to the microsecond). Where SQLite's one connection under a lock serialises everything, the checks
/// that must see a settled table (the last admin, the next policy version) lock that table for their transaction, so two
/// servers on one database cannot both pass them.
/// </summary>
public sealed partial class PostgresTeamStore : ITeamStore
{
    /// <summary>Each step moves <c>team_schema.version</c> from its index to the next; never edit a shipped one, add another.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE team_tokens (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL,
            role text NOT NULL,
            secret_sha256 bytea NOT NULL UNIQUE,
            created_at timestamptz NOT NULL,
            created_by bigint REFERENCES team_tokens (id),
            revoked_at timestamptz
        );
        -- No foreign keys: the log outlives what it names.
        CREATE TABLE team_audit (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            token_id bigint,
            token_name text NOT NULL,
            role text NOT NULL,
            method text NOT NULL,
            route text NOT NULL,
            entity text
        );
        CREATE TABLE team_policies (
            version bigint PRIMARY KEY,
            yaml text NOT NULL,
            name text NOT NULL,
            entries integer NOT NULL,
            sha256 text NOT NULL,
            saved_at timestamptz NOT NULL,
            saved_by_token bigint,
            saved_by text NOT NULL
        );
        CREATE TABLE team_inventories (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            host text NOT NULL,
            received_at timestamptz NOT NULL,
            items integer NOT NULL,
            document text NOT NULL,
            posted_by_token bigint,
            posted_by text NOT NULL
        );
        CREATE INDEX team_inventories_by_host ON team_inventories (host, id);
        """,
        GatewayMigration,
    ];

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Opens the team tables in the database <paramref name="database"/> names, creating or upgrading them.</summary>
    /// <param name="database">An Npgsql connection string (<c>Host=…</c>) or a <c>postgresql://</c> URI.</param>
    /// <exception cref="StoreException">when the database cannot be reached, refuses the login, or was written by a newer telltale.</exception>
    public PostgresTeamStore(string database, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _database = new PostgresDatabase(database, "the team tables");
        try
        {
            _database.Migrate("team_schema", Migrations);
        }
        catch
        {
            _database.Dispose();
            throw;
        }
    }

    /// <summary>The team tables' schema this build writes; a database with a higher one is refused, not guessed at.</summary>
    public static int SchemaVersion => Migrations.Length;

    public string Location => _database.Location;

    public IssuedToken IssueToken(string name, TeamRole role, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(audit);
        return Write(audit, connection =>
        {
            var issued = InsertToken(connection, name, role, audit.TokenId);
            return (issued, TeamRows.TokenEntity(issued.Token.Id));
        });
    }

    public IssuedToken? IssueFirstAdmin(string name, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(audit);
        return _database.InTransaction(connection =>
        {
            LockAgainstWriters(connection, "team_tokens");
            if (UsableAdmins(connection) > 0)
            {
                return null;
            }

            var issued = InsertToken(connection, name, TeamRole.Admin, audit.TokenId);
            InsertAudit(connection, audit, TeamRows.TokenEntity(issued.Token.Id));
            return issued;
        });
    }

    public ApiToken? Authenticate(string secret)
    {
        if (!ApiTokenSecret.HasShape(secret))
        {
            return null;
        }

        // Found through the unique index on the hash, then compared in constant time, as SqliteTeamStore does.
        var hash = ApiTokenSecret.Hash(secret);
        return _database.Run(connection =>
        {
            using var query = PostgresDatabase.Command(connection, $"SELECT {TeamRows.TokenColumns}, secret_sha256 FROM team_tokens WHERE secret_sha256 = @hash AND revoked_at IS NULL;");
            query.Parameters.AddWithValue("hash", hash);
            using var reader = query.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var stored = reader.GetFieldValue<byte[]>(6);
            return CryptographicOperations.FixedTimeEquals(stored, hash) ? TeamRows.ReadToken(reader, PostgresDatabase.ReadTime) : null;
        });
    }

    public IReadOnlyList<ApiToken> ListTokens() =>
        Query($"SELECT {TeamRows.TokenColumns} FROM team_tokens ORDER BY id;", _ => { }, TeamRows.ReadTokens);

    public TokenRevocation RevokeToken(long id, AuditContext audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return _database.InTransaction(connection =>
        {
            LockAgainstWriters(connection, "team_tokens");
            using var find = PostgresDatabase.Command(connection, "SELECT role, revoked_at IS NOT NULL FROM team_tokens WHERE id = @id;");
            find.Parameters.AddWithValue("id", id);
            string role;
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return TokenRevocation.NotFound;
                }

                if (reader.GetBoolean(1))
                {
                    return TokenRevocation.AlreadyRevoked;
                }

                role = reader.GetString(0);
            }

            if (role == TeamRoleNames.Admin && UsableAdmins(connection) <= 1)
            {
                return TokenRevocation.LastAdmin;
            }

            using var revoke = PostgresDatabase.Command(connection, "UPDATE team_tokens SET revoked_at = @at WHERE id = @id;");
            revoke.Parameters.AddWithValue("at", Now());
            revoke.Parameters.AddWithValue("id", id);
            revoke.ExecuteNonQuery();
            InsertAudit(connection, audit, TeamRows.TokenEntity(id));
            return TokenRevocation.Revoked;
        });
    }

    public AuditEntry RecordAudit(AuditContext audit, string entity)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentException.ThrowIfNullOrEmpty(entity);
        return _database.Run(connection => InsertAudit(connection, audit, entity));
    }

    public IReadOnlyList<AuditEntry> ListAudit(int limit, long? beforeId = null) =>
        Query($"SELECT {TeamRows.AuditColumns} FROM team_audit WHERE @before IS NULL OR id < @before ORDER BY id DESC LIMIT @limit;", query =>
        {
            PostgresDatabase.Parameter(query, "before", NpgsqlDbType.Bigint, beforeId);
            PostgresDatabase.Limit(query, limit);
        }, TeamRows.ReadAudit);

    public StoredPolicy SavePolicy(string yaml, string name, int entries, AuditContext audit)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(audit);
        var sha256 = TeamRows.PolicySha256(yaml);
        return Write(audit, connection =>
        {
            // The next version is read from the table: locked so two writers cannot take the same number.
            LockAgainstWriters(connection, "team_policies");

            var savedAt = Now();
            using var insert = PostgresDatabase.Command(connection, """
                INSERT INTO team_policies (version, yaml, name, entries, sha256, saved_at, saved_by_token, saved_by)
                VALUES ((SELECT coalesce(max(version), 0) + 1 FROM team_policies), @yaml, @name, @entries, @sha256, @at, @token, @by)
                RETURNING version;
                """);
            insert.Parameters.AddWithValue("yaml", yaml);
            insert.Parameters.AddWithValue("name", name);
            insert.Parameters.AddWithValue("entries", entries);
            insert.Parameters.AddWithValue("sha256", sha256);
            insert.Parameters.AddWithValue("at", savedAt);
            PostgresDatabase.Parameter(insert, "token", NpgsqlDbType.Bigint, audit.TokenId);
            insert.Parameters.AddWithValue("by", audit.TokenName);
            var version = (long)insert.ExecuteScalar()!;
            var policy = new StoredPolicy
            {
                Version = version, Yaml = yaml, Name = name, Entries = entries, Sha256 = sha256, SavedAt = savedAt,
                SavedByTokenId = audit.TokenId, SavedBy = audit.TokenName,
            };
            return (policy, $"policy:{version}");
        });
    }

    public StoredPolicy? CurrentPolicy() =>
        Query($"SELECT {TeamRows.PolicyColumns} FROM team_policies ORDER BY version DESC LIMIT 1;", _ => { }, TeamRows.ReadPolicies).FirstOrDefault();

    public long CurrentPolicyVersion() => _database.Run(connection =>
    {
        using var query = PostgresDatabase.Command(connection, "SELECT coalesce(max(version), 0) FROM team_policies;");
        return (long)query.ExecuteScalar()!;
    });

    public StoredPolicy? GetPolicy(long version) =>
        Query($"SELECT {TeamRows.PolicyColumns} FROM team_policies WHERE version = @version;", query => query.Parameters.AddWithValue("version", version), TeamRows.ReadPolicies).FirstOrDefault();

    public IReadOnlyList<StoredPolicy> ListPolicies(int limit) =>
        Query($"SELECT {TeamRows.PolicyColumns} FROM team_policies ORDER BY version DESC LIMIT @limit;", query => PostgresDatabase.Limit(query, limit), TeamRows.ReadPolicies);

    public StoredInventory SaveInventory(string host, string json, int items, AuditContext audit)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(audit);
        return Write(audit, connection =>
        {
            var receivedAt = Now();
            using var insert = PostgresDatabase.Command(connection, """
                INSERT INTO team_inventories (host, received_at, items, document, posted_by_token, posted_by)
                VALUES (@host, @at, @items, @document, @token, @by) RETURNING id;
                """);
            insert.Parameters.AddWithValue("host", host);
            insert.Parameters.AddWithValue("at", receivedAt);
            insert.Parameters.AddWithValue("items", items);
            insert.Parameters.AddWithValue("document", json);
            PostgresDatabase.Parameter(insert, "token", NpgsqlDbType.Bigint, audit.TokenId);
            insert.Parameters.AddWithValue("by", audit.TokenName);
            var id = (long)insert.ExecuteScalar()!;
            var inventory = new StoredInventory
            {
                Id = id, Host = host, ReceivedAt = receivedAt, Json = json, Items = items, PostedByTokenId = audit.TokenId, PostedBy = audit.TokenName,
            };
            return (inventory, $"inventory:{id}");
        });
    }

    public IReadOnlyList<StoredInventory> LatestInventories() => Query($"""
        SELECT {TeamRows.InventoryColumns} FROM team_inventories
        WHERE id IN (SELECT max(id) FROM team_inventories GROUP BY host)
        ORDER BY host COLLATE "C";
        """, _ => { }, TeamRows.ReadInventories);

    public StoredInventory? LatestInventory(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Query(
            $"SELECT {TeamRows.InventoryColumns} FROM team_inventories WHERE host = @host ORDER BY id DESC LIMIT 1;",
            query => query.Parameters.AddWithValue("host", host),
            TeamRows.ReadInventories).FirstOrDefault();
    }

    public void Dispose() => _database.Dispose();

    /// <summary>Runs a write and its audit row (naming what <paramref name="write"/> says it wrote) in one transaction: both are kept or neither.</summary>
    private T Write<T>(AuditContext audit, Func<NpgsqlConnection, (T Result, string Entity)> write) => _database.InTransaction(connection =>
    {
        var (result, entity) = write(connection);
        InsertAudit(connection, audit, entity);
        return result;
    });

    /// <summary>
    /// Until the transaction ends, no other may write to <paramref name="table"/> (reads go on, and a writer waits): a
    /// check of its rows, such as the usable admins, then holds when the write that depends on it is made.
    /// </summary>
    private static void LockAgainstWriters(NpgsqlConnection connection, string table)
    {
        using var locking = PostgresDatabase.Command(connection, $"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE;");
        locking.ExecuteNonQuery();
    }

    private static long UsableAdmins(NpgsqlConnection connection)
    {
        using var count = PostgresDatabase.Command(connection, "SELECT count(*) FROM team_tokens WHERE role = @role AND revoked_at IS NULL;");
        count.Parameters.AddWithValue("role", TeamRoleNames.Admin);
        return (long)count.ExecuteScalar()!;
    }

    private IssuedToken InsertToken(NpgsqlConnection connection, string name, TeamRole role, long? createdBy)
    {
        var secret = ApiTokenSecret.Generate();
        var createdAt = Now();
        using var insert = PostgresDatabase.Command(connection, """
            INSERT INTO team_tokens (name, role, secret_sha256, created_at, created_by)
            VALUES (@name, @role, @hash, @at, @by) RETURNING id;
            """);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("role", TeamRoleNames.Name(role));
        insert.Parameters.AddWithValue("hash", ApiTokenSecret.Hash(secret));
        insert.Parameters.AddWithValue("at", createdAt);
        PostgresDatabase.Parameter(insert, "by", NpgsqlDbType.Bigint, createdBy);
        var id = (long)insert.ExecuteScalar()!;
        return new IssuedToken(new ApiToken { Id = id, Name = name, Role = role, CreatedAt = createdAt, CreatedBy = createdBy }, secret);
    }

    private AuditEntry InsertAudit(NpgsqlConnection connection, AuditContext audit, string entity) => InsertAudit(connection, audit, entity, Now());

    /// <summary>
    /// Writes an audit row on <paramref name="connection"/>, in its transaction when it is in one: also how
    /// <see cref="PostgresWatchStore"/> audits its own changes, in the same table.
    /// </summary>
    /// <param name="at">As <see cref="PostgresDatabase.Stored"/> makes it.</param>
    internal static AuditEntry InsertAudit(NpgsqlConnection connection, AuditContext audit, string entity, DateTimeOffset at)
    {
        using var insert = PostgresDatabase.Command(connection, """
            INSERT INTO team_audit (at, token_id, token_name, role, method, route, entity)
            VALUES (@at, @token, @name, @role, @method, @route, @entity) RETURNING id;
            """);
        insert.Parameters.AddWithValue("at", at);
        PostgresDatabase.Parameter(insert, "token", NpgsqlDbType.Bigint, audit.TokenId);
        insert.Parameters.AddWithValue("name", audit.TokenName);
        insert.Parameters.AddWithValue("role", TeamRoleNames.Name(audit.Role));
        insert.Parameters.AddWithValue("method", audit.Method);
        insert.Parameters.AddWithValue("route", audit.Route);
        insert.Parameters.AddWithValue("entity", entity);
        var id = (long)insert.ExecuteScalar()!;
        return new AuditEntry
        {
            Id = id, At = at, TokenId = audit.TokenId, TokenName = audit.TokenName, Role = audit.Role, Method = audit.Method, Route = audit.Route, Entity = entity,
        };
    }

    /// <summary>The rows <paramref name="sql"/> selects, bound by <paramref name="bind"/> and read by one of <see cref="TeamRows"/>' readers.</summary>
    private List<T> Query<T>(string sql, Action<NpgsqlCommand> bind, Func<DbDataReader, Func<DbDataReader, int, DateTimeOffset>, List<T>> read) => _database.Run(connection =>
    {
        using var query = PostgresDatabase.Command(connection, sql);
        bind(query);
        using var reader = query.ExecuteReader();
        return read(reader, PostgresDatabase.ReadTime);
    });

    private DateTimeOffset Now() => PostgresDatabase.Stored(_time.GetUtcNow());
}
