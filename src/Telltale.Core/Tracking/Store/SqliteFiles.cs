using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Telltale.Tracking.Store;

/// <summary>What every store kept in the result store's SQLite file shares: how its times are written, and how a SQLite failure is said.</summary>
internal static class SqliteFiles
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Fixed width and UTC, so text order is time order and ORDER BY needs no conversion.</summary>
    public static string TimeText(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A time column as <see cref="TimeText"/> wrote it, for the row readers every store shares.</summary>
    public static DateTimeOffset ReadTime(DbDataReader reader, int column) => ParseTime(reader.GetString(column));

    /// <summary>Why the file cannot be used, in words a user can act on.</summary>
    public static string Problem(SqliteException ex, TimeSpan busyTimeout) => ex.SqliteErrorCode switch
    {
        SQLitePCL.raw.SQLITE_NOTADB => "it is not a SQLite database",
        SQLitePCL.raw.SQLITE_CORRUPT => "the database is damaged",
        SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED => $"another process held it locked for over {busyTimeout.TotalSeconds:0} s",
        SQLitePCL.raw.SQLITE_READONLY => "it is read-only",
        SQLitePCL.raw.SQLITE_CANTOPEN => "it cannot be opened",
        SQLitePCL.raw.SQLITE_FULL => "the disk is full",
        _ => ex.Message,
    };
}
