using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Telltale.Tracking.Store;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Server.Jobs;

/// <summary>Hangfire's storage for a server: PostgreSQL (its own schema) when several workers share the queue, a SQLite file on one node.</summary>
internal static class JobStorageLocation
{
    /// <summary>Hangfire's tables in a PostgreSQL database shared with the stores, apart from theirs.</summary>
    public const string PostgresSchema = "hangfire";

    /// <summary>The queue <see cref="ServerOptions.JobStorage"/> names, or its default.</summary>
    public static string Of(ServerOptions options) =>
        options.JobStorage
        ?? (PostgresConnectionStrings.Recognises(options.Database)
            ? options.Database
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Database))!, "jobs.db"));

    /// <exception cref="StoreException">when the storage cannot be opened.</exception>
    public static JobStorage Open(ServerOptions options)
    {
        var location = Of(options);

        // Before any storage is made: they ask for their loggers as they are built.
        GlobalConfiguration.Configuration.UseLogProvider(HangfireLogBridge.Instance);
        try
        {
            if (PostgresConnectionStrings.Recognises(location))
            {
                var postgres = new PostgreSqlStorageOptions
                {
                    SchemaName = PostgresSchema,
                    PrepareSchemaIfNecessary = true,
                    InvisibilityTimeout = options.InvisibilityTimeout,

                    // The fetching worker keeps pushing its job's timeout out while it runs, so only a dead worker's job is taken over.
                    UseSlidingInvisibilityTimeout = true,

                    // A worker killed while it holds a job's state lock leaves the lock's row behind; others may clear it
                    // after this, so a dead worker's job is taken over when its invisibility ends, not ten minutes later.
                    DistributedLockTimeout = options.InvisibilityTimeout,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                };
                return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(PostgresConnectionStrings.ConnectionString(location), postgres), postgres);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(location))!);
            return new SQLiteStorage(location, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
        }
        catch (Exception error) when (error is Npgsql.NpgsqlException or InvalidOperationException or IOException or ArgumentException)
        {
            throw new StoreException($"cannot open the job queue {(PostgresConnectionStrings.Recognises(location) ? "in PostgreSQL" : location)}: {error.Message}", error);
        }
    }
}
