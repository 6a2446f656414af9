using Npgsql;

namespace Telltale.Tracking.Store.Postgres;

/// <summary>
/// Tells a PostgreSQL <c>--db</c> from a SQLite file path, and reads it. The rule (docs/server.md): a value that starts
/// with <c>Host=</c> (any case) is an Npgsql connection string, one that starts with <c>postgres://</c> or
/// <c>postgresql://</c> is a libpq-style URI; anything else is a file. A file whose path starts so is named <c>./Host=…</c>.
/// </summary>
public static class PostgresConnectionStrings
{
    private static readonly string[] UriSchemes = ["postgres://", "postgresql://"];

    public static bool Recognises(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var text = database.TrimStart();
        return text.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || UriSchemes.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Where <paramref name="database"/> points, for a message or a log: <c>postgresql://HOST:PORT/DATABASE</c>, never the user or the password.</summary>
    /// <exception cref="StoreException">when it is not a usable connection string.</exception>
    public static string Describe(string database) => Describe(Parse(database));

    /// <summary>The connection string or URI as an Npgsql connection string, for a library that takes only that (Hangfire's queue).</summary>
    /// <exception cref="StoreException">when it is not a usable connection string.</exception>
    public static string ConnectionString(string database) => Parse(database).ConnectionString;

    /// <summary>The connection string or URI as Npgsql's builder, the URI's parts and query parameters moved into its keys.</summary>
    /// <exception cref="StoreException">when it is not a usable connection string.</exception>
    internal static NpgsqlConnectionStringBuilder Parse(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var text = database.Trim();
        try
        {
            return UriSchemes.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase))
                ? FromUri(text)
                : new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            // The message names the bad key or part, never the whole value: it may hold a password.
            throw new StoreException($"--db is not a usable PostgreSQL connection string: {ex.Message}", ex);
        }
    }

    internal static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text, UriKind.Absolute);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(path);
        }

        // Query parameters are Npgsql keys (sslmode=require, timeout=5); an unknown one is refused by the builder.
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            builder[key] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
        }

        return builder;
    }
}
