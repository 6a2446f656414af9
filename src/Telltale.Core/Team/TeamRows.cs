using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace Telltale.Team;

/// <summary>
/// How every <see cref="ITeamStore"/> reads its rows back, whatever the database: the same columns in the same order,
/// with a time reader for the way each keeps times (text in SQLite, <c>timestamptz</c> in PostgreSQL).
/// </summary>
internal static class TeamRows
{
    public const string TokenColumns = "id, name, role, created_at, created_by, revoked_at";
    public const string AuditColumns = "id, at, token_id, token_name, role, method, route, entity";
    public const string PolicyColumns = "version, yaml, name, entries, sha256, saved_at, saved_by_token, saved_by";
    public const string InventoryColumns = "id, host, received_at, items, document, posted_by_token, posted_by";

    /// <summary>The entity an audit row names for a token.</summary>
    public static string TokenEntity(long id) => $"token:{id}";

    public static string PolicySha256(string yaml) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));

    /// <summary>One token from <see cref="TokenColumns"/>.</summary>
    public static ApiToken ReadToken(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime) => new()
    {
        Id = reader.GetInt64(0),
        Name = reader.GetString(1),
        Role = ParseRole(reader.GetString(2)),
        CreatedAt = readTime(reader, 3),
        CreatedBy = reader.IsDBNull(4) ? null : reader.GetInt64(4),
        RevokedAt = reader.IsDBNull(5) ? null : readTime(reader, 5),
    };

    public static List<ApiToken> ReadTokens(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var tokens = new List<ApiToken>();
        while (reader.Read())
        {
            tokens.Add(ReadToken(reader, readTime));
        }

        return tokens;
    }

    public static List<AuditEntry> ReadAudit(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry
            {
                Id = reader.GetInt64(0),
                At = readTime(reader, 1),
                TokenId = reader.IsDBNull(2) ? null : reader.GetInt64(2),
                TokenName = reader.GetString(3),
                Role = ParseRole(reader.GetString(4)),
                Method = reader.GetString(5),
                Route = reader.GetString(6),
                Entity = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }

        return entries;
    }

    public static List<StoredPolicy> ReadPolicies(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var policies = new List<StoredPolicy>();
        while (reader.Read())
        {
            policies.Add(new StoredPolicy
            {
                Version = reader.GetInt64(0),
                Yaml = reader.GetString(1),
                Name = reader.GetString(2),
                Entries = reader.GetInt32(3),
                Sha256 = reader.GetString(4),
                SavedAt = readTime(reader, 5),
                SavedByTokenId = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                SavedBy = reader.GetString(7),
            });
        }

        return policies;
    }

    public static List<StoredInventory> ReadInventories(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var inventories = new List<StoredInventory>();
        while (reader.Read())
        {
            inventories.Add(new StoredInventory
            {
                Id = reader.GetInt64(0),
                Host = reader.GetString(1),
                ReceivedAt = readTime(reader, 2),
                Items = reader.GetInt32(3),
                Json = reader.GetString(4),
                PostedByTokenId = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                PostedBy = reader.GetString(6),
            });
        }

        return inventories;
    }

    // Written by a store; a name it does not know means a newer telltale wrote the row, and the least it may do is read.
    private static TeamRole ParseRole(string name) => TeamRoleNames.TryParse(name, out var role) ? role.Value : TeamRole.Machine;
}
