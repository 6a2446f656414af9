namespace Telltale.Tests;

/// <summary>Which database a test's stores are in: the server's API and store contract tests run on each.</summary>
public enum StoreBackend
{
    /// <summary>A <c>scans.db</c> file in a temporary folder.</summary>
    Sqlite,

    /// <summary>A database of the test's own on the server <see cref="PostgresTestDatabase.AdminVariable"/> names.</summary>
    Postgres,
}
