using Microsoft.Data.Sqlite;
using Telltale.Tracking.History;

namespace Telltale.Tracking.Store;

public sealed partial class ScanStore
{
    /// <summary>Keeps a timeline and returns its id; every run is kept, since each is evidence of what was seen then.</summary>
    /// <exception cref="StoreException">when the database cannot be written.</exception>
    public StoredTimeline SaveTimeline(VersionTimeline timeline, string? platform, string toolVersion, DateTimeOffset madeAt) =>
        Insert(ScanRows.Unsaved(timeline, platform, toolVersion, madeAt));

    /// <inheritdoc cref="SaveTimeline(VersionTimeline, string?, string, DateTimeOffset)"/>
    public StoredTimeline SaveTimeline(BisectResult bisection, string? platform, string toolVersion, DateTimeOffset madeAt) =>
        Insert(ScanRows.Unsaved(bisection, platform, toolVersion, madeAt));

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

    private StoredTimeline Insert(StoredTimeline timeline) => Run(() =>
    {
        using var insert = Command("""
            INSERT INTO timelines (kind, package, range, platform, behaviour, tool_version, made_at, document)
            VALUES ($kind, $package, $range, $platform, $behaviour, $tool, $madeAt, $document) RETURNING id;
            """);
        insert.Parameters.AddWithValue("$kind", timeline.Kind);
        insert.Parameters.AddWithValue("$package", timeline.Package);
        insert.Parameters.AddWithValue("$range", (object?)timeline.Range ?? DBNull.Value);
        insert.Parameters.AddWithValue("$platform", (object?)timeline.Platform ?? DBNull.Value);
        insert.Parameters.AddWithValue("$behaviour", (object?)timeline.Behaviour ?? DBNull.Value);
        insert.Parameters.AddWithValue("$tool", timeline.ToolVersion);
        insert.Parameters.AddWithValue("$madeAt", TimeText(timeline.MadeAt));
        insert.Parameters.AddWithValue("$document", timeline.Json);
        return timeline with { Id = (long)insert.ExecuteScalar()! };
    });

    private static List<StoredTimeline> ReadTimelines(SqliteCommand query)
    {
        using var reader = query.ExecuteReader();
        return ScanRows.ReadTimelines(reader, SqliteFiles.ReadTime);
    }
}
