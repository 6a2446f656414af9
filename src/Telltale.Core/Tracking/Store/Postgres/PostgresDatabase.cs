using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;

namespace Telltale.Tracking.Store.Postgres;

/// <summary>
/// What the PostgreSQL stores share: a pooled data source (safe from any number of threads, so no lock as SQLite's one
/// connection needs), every failure as a one-line <see cref="StoreException"/>, versioned migrations, and times kept as
/// <c>timestamptz</c>.
/// </summary>
internal sealed class PostgresDatabase : IDisposable
{
    /// <summary>
    /// The advisory lock every telltale migration takes ("TTLS"): two servers starting on a new database at once migrate
    /// one after the other, and the second finds the first one's version. Advisory locks are per database.
    /// </summary>
    private const long MigrationLock = 0x54544C53;

    private readonly NpgsqlDataSource _source;
    private readonly string _what;

    /// <param name="database">A connection string or URI (<see cref="PostgresConnectionStrings"/>).</param>
    /// <param name="what">What the store is, as messages name it: "the result store", "the team tables".</param>
    /// <exception cref="StoreException">when <paramref name="database"/> is not a usable connection string.</exception>
    public PostgresDatabase(string database, string what)
    {
        var builder = PostgresConnectionStrings.Parse(database);
        builder.ApplicationName ??= "telltale";
        Location = PostgresConnectionStrings.Describe(builder);
        _what = what;
        try
        {
            _source = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        }
        catch (ArgumentException ex)
        {
            // Keys that parse one by one but not together (no host, say): refused before anything connects.
            throw new StoreException($"--db is not a usable PostgreSQL connection string: {ex.Message}", ex);
        }
    }

    /// <summary><c>postgresql://HOST:PORT/DATABASE</c>.</summary>
    public string Location { get; }

    /// <summary>Runs <paramref name="action"/> on a connection of the pool.</summary>
    /// <exception cref="StoreException">when the database cannot be reached or refuses a statement.</exception>
    public T Run<T>(Func<NpgsqlConnection, T> action)
    {
        try
        {
            using var connection = _source.OpenConnection();
            return action(connection);
        }
        catch (NpgsqlException ex)
        {
            throw Unusable(ex);
        }
    }

    /// <summary>Runs <paramref name="action"/> in a transaction, committed when it returns; nothing of it is kept when it throws.</summary>
    /// <exception cref="StoreException">when the database cannot be reached or refuses a statement.</exception>
    public T InTransaction<T>(Func<NpgsqlConnection, T> action) => Run(connection =>
    {
        using var transaction = connection.BeginTransaction();
        var result = action(connection);
        transaction.Commit();
        return result;
    });

    /// <summary>
    /// Brings the tables to the newest of <paramref name="migrations"/>, each step moving the version in
    /// <paramref name="versionTable"/> from its index to the next, all in one transaction under the migration lock.
    /// </summary>
    /// <exception cref="StoreException">when the database has a newer version than this build knows, or cannot be used.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The table name and the steps are constants of the stores.")]
    public void Migrate(string versionTable, IReadOnlyList<string> migrations) => InTransaction(connection =>
    {
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({MigrationLock});"));
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS {versionTable} (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL);
            INSERT INTO {versionTable} (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
            """);
        using var read = new NpgsqlCommand($"SELECT version FROM {versionTable} WHERE id = 1;", connection);
        var version = Convert.ToInt32(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > migrations.Count)
        {
            throw new StoreException(
                $"{_what} in {Location} were written by a newer telltale (schema {version} in {versionTable}; this one reads up to {migrations.Count}); upgrade telltale or use another database");
        }

        for (var step = version; step < migrations.Count; step++)
        {
            Execute(connection, migrations[step]);
        }

        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"UPDATE {versionTable} SET version = {migrations.Count};"));
        return true;
    });

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Every statement is a constant of the stores; values go in as parameters.")]
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql) => new(sql, connection);

    /// <summary>A parameter whose value may be null: PostgreSQL cannot infer the type of a bare NULL, so it is named.</summary>
    public static void Parameter(NpgsqlCommand command, string name, NpgsqlDbType type, object? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });

    /// <summary>LIMIT NULL is no limit, as the stores' "0 or less for all" means.</summary>
    public static void Limit(NpgsqlCommand command, int limit) => Parameter(command, "limit", NpgsqlDbType.Integer, limit > 0 ? limit : null);

    /// <summary>
    /// A time as <c>timestamptz</c> keeps it: UTC, to the microsecond. The stores return this, not the caller's value,
    /// so what a write returns equals what a later read finds.
    /// </summary>
    public static DateTimeOffset Stored(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    public static DateTimeOffset ReadTime(DbDataReader reader, int column) => reader.GetFieldValue<DateTimeOffset>(column);

    public void Dispose() => _source.Dispose();

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    private StoreException Unusable(NpgsqlException ex) => new($"cannot use {_what} in {Location}: {Problem(ex)}", ex);

    /// <summary>Why the database cannot be used, in words a user can act on: the server's own message, or what stopped the connection.</summary>
    private static string Problem(NpgsqlException ex) => ex switch
    {
        PostgresException server => $"{server.MessageText} (SQLSTATE {server.SqlState})",
        { InnerException: SocketException socket } => $"{ex.Message}: {socket.Message}",
        { InnerException: TimeoutException } => $"{ex.Message}: no answer within the connection timeout",
        { InnerException: { } inner } => $"{ex.Message}: {inner.Message}",
        _ => ex.Message,
    };
}
