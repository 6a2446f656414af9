using System.Globalization;
using Microsoft.Data.Sqlite;
using Telltale.Tracking.History;

namespace Telltale.Tracking.Store;

public sealed partial class ScanStore
{
    /// <summary>Keeps a timeline and returns its id; every run is kept, since each is evidence of what was seen then.</summary>
    /// <exception cref="StoreException">when the database cannot be written.</exception>
    public StoredTimeline SaveTimeline(VersionTimeline timeline, string? platform, string toolVersion, DateTimeOffset madeAt)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        TimelineJsonWriter.Write(timeline, text);
        return SaveTimeline(StoredTimeline.HistoryKind, timeline.Package, timeline.Range, platform, null, toolVersion, madeAt, text.ToString());
    }

    /// <inheritdoc cref="SaveTimeline(VersionTimeline, string?, string, DateTimeOffset)"/>
    public StoredTimeline SaveTimeline(BisectResult bisection, string? platform, string toolVersion, DateTimeOffset madeAt)
    {
        ArgumentNullException.ThrowIfNull(bisection);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        TimelineJsonWriter.Write(bisection, text);
        return SaveTimeline(StoredTimeline.BisectKind, bisection.Package, bisection.Range, platform, bisection.Behaviour, toolVersion, madeAt, text.ToString());
    }

    /// <summary>The timeline with this id; null when there is none.</summary>
    public StoredTimeline? GetTimeline(long id) => Run(() =>
    {
        using var query = Command($"SELECT {TimelineColumns} FROM timelines WHERE id = $id;");
        query.Parameters.AddWithValue("$id", id);
        return ReadTimelines(query).FirstOrDefault();
    });

    /// <summary>Stored timelines, newest first; of one package when <paramref name="package"/> is given, of one kind when <paramref name="kind"/> is.</summary>
    public IReadOnlyList<StoredTimeline> ListTimelines(string? package = null, string? kind = null, int limit = 0) => Run(() =>
    {
        using var query = Command($"""
            SELECT {TimelineColumns} FROM timelines
            WHERE ($package IS NULL OR package = $package) AND ($kind IS NULL OR kind = $kind)
            ORDER BY id DESC LIMIT $limit;
            """);
        query.Parameters.AddWithValue("$package", (object?)package ?? DBNull.Value);
        query.Parameters.AddWithValue("$kind", (object?)kind ?? DBNull.Value);
        query.Parameters.AddWithValue("$limit", limit > 0 ? limit : -1);
        return ReadTimelines(query);
    });

    private const string TimelineColumns = "id, kind, package, range, platform, behaviour, tool_version, made_at, document";

    private StoredTimeline SaveTimeline(string kind, string package, string? range, string? platform, string? behaviour, string toolVersion, DateTimeOffset madeAt, string json) => Run(() =>
    {
        using var insert = Command("""
            INSERT INTO timelines (kind, package, range, platform, behaviour, tool_version, made_at, document)
            VALUES ($kind, $package, $range, $platform, $behaviour, $tool, $madeAt, $document) RETURNING id;
            """);
        insert.Parameters.AddWithValue("$kind", kind);
        insert.Parameters.AddWithValue("$package", package);
        insert.Parameters.AddWithValue("$range", (object?)range ?? DBNull.Value);
        insert.Parameters.AddWithValue("$platform", (object?)platform ?? DBNull.Value);
        insert.Parameters.AddWithValue("$behaviour", (object?)behaviour ?? DBNull.Value);
        insert.Parameters.AddWithValue("$tool", toolVersion);
        insert.Parameters.AddWithValue("$madeAt", TimeText(madeAt));
        insert.Parameters.AddWithValue("$document", json);
        var id = (long)insert.ExecuteScalar()!;
        return new StoredTimeline
        {
            Id = id, Kind = kind, Package = package, Range = range, Platform = platform, Behaviour = behaviour,
            ToolVersion = toolVersion, MadeAt = madeAt, Json = json,
        };
    });

    private static List<StoredTimeline> ReadTimelines(SqliteCommand query)
    {
        using var reader = query.ExecuteReader();
        var timelines = new List<StoredTimeline>();
        while (reader.Read())
        {
            timelines.Add(new StoredTimeline
            {
                Id = reader.GetInt64(0),
                Kind = reader.GetString(1),
                Package = reader.GetString(2),
                Range = reader.IsDBNull(3) ? null : reader.GetString(3),
                Platform = reader.IsDBNull(4) ? null : reader.GetString(4),
                Behaviour = reader.IsDBNull(5) ? null : reader.GetString(5),
                ToolVersion = reader.GetString(6),
                MadeAt = ParseTime(reader.GetString(7)),
                Json = reader.GetString(8),
            });
        }

        return timelines;
    }
}
