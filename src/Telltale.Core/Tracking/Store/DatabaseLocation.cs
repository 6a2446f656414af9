namespace Telltale.Tracking.Store;

/// <summary>What a <c>--db</c> value names: a PostgreSQL database or a SQLite file.</summary>
public static class DatabaseLocation
{
    /// <summary>
    /// True for a PostgreSQL connection string: keywords starting with <c>Host=</c> (any case) or a
    /// <c>postgres://</c> / <c>postgresql://</c> URI. Anything else is a file path, so a file can never be mistaken
    /// for a server as long as its name does not start that way.
    /// </summary>
    public static bool IsPostgres(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.TrimStart();
        return trimmed.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
    }
}
