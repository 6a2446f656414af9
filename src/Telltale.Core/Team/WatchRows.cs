using System.Data.Common;
using System.Globalization;
using Telltale.Findings;

namespace Telltale.Team;

/// <summary>
/// How every <see cref="IWatchStore"/> reads its rows back, whatever the database: the same columns in the same order,
/// with a time reader for the way each keeps times (text in SQLite, <c>timestamptz</c> in PostgreSQL).
/// </summary>
internal static class WatchRows
{
    public const string WatchColumns = "id, package, range, platform, baseline, added_at, added_by";

    public const string VersionColumns =
        "id, watch_id, package, version, previous_version, published_at, platform, claimed_at, job_id, completed_at, scans, runs, compared, failure, claimed_by";

    public const string AlertColumns = "id, watch_id, package, version, kind, severity, rule_id, text, json, created_at";

    /// <summary>The entity an audit row names for a watch.</summary>
    public static string WatchEntity(long id) => string.Create(CultureInfo.InvariantCulture, $"watch:{id}");

    /// <summary>The watches from <see cref="WatchColumns"/>.</summary>
    public static List<WatchedPackage> ReadWatches(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var watches = new List<WatchedPackage>();
        while (reader.Read())
        {
            watches.Add(new WatchedPackage
            {
                Id = reader.GetInt64(0),
                Package = reader.GetString(1),
                Range = reader.IsDBNull(2) ? null : reader.GetString(2),
                Platform = reader.GetString(3),
                Baseline = reader.IsDBNull(4) ? null : reader.GetString(4),
                AddedAt = readTime(reader, 5),
                AddedBy = reader.GetString(6),
            });
        }

        return watches;
    }

    /// <summary>The versions from <see cref="VersionColumns"/>; <c>compared</c> is an integer in SQLite and a boolean in PostgreSQL, and both read as one.</summary>
    public static List<WatchedVersion> ReadVersions(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var versions = new List<WatchedVersion>();
        while (reader.Read())
        {
            versions.Add(new WatchedVersion
            {
                Id = reader.GetInt64(0),
                WatchId = reader.GetInt64(1),
                Package = reader.GetString(2),
                Version = reader.GetString(3),
                PreviousVersion = reader.IsDBNull(4) ? null : reader.GetString(4),
                PublishedAt = reader.IsDBNull(5) ? null : readTime(reader, 5),
                Platform = reader.GetString(6),
                ClaimedAt = readTime(reader, 7),
                JobId = reader.IsDBNull(8) ? null : reader.GetString(8),
                CompletedAt = reader.IsDBNull(9) ? null : readTime(reader, 9),
                Scans = reader.GetInt32(10),
                Runs = reader.GetInt32(11),
                Compared = reader.GetBoolean(12),
                Failure = reader.IsDBNull(13) ? null : reader.GetString(13),
                ClaimedBy = reader.IsDBNull(14) ? null : reader.GetString(14),
            });
        }

        return versions;
    }

    /// <summary>The alerts from <see cref="AlertColumns"/>.</summary>
    public static List<WatchAlert> ReadAlerts(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var alerts = new List<WatchAlert>();
        while (reader.Read())
        {
            alerts.Add(new WatchAlert
            {
                Id = reader.GetInt64(0),
                WatchId = reader.GetInt64(1),
                Package = reader.GetString(2),
                Version = reader.GetString(3),
                Kind = reader.GetString(4),

                // A severity this build does not know was written by a newer telltale: the alert is still shown, without it.
                Severity = reader.IsDBNull(5) || !SeverityNames.TryParse(reader.GetString(5), out var severity) ? null : severity,
                RuleId = reader.IsDBNull(6) ? null : reader.GetString(6),
                Text = reader.GetString(7),
                Json = reader.GetString(8),
                CreatedAt = readTime(reader, 9),
            });
        }

        return alerts;
    }
}
