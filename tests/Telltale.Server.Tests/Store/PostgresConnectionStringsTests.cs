using Telltale.Tracking.Store;
using Telltale.Tracking.Store.Postgres;

namespace Telltale.Tests.Store;

/// <summary>Which <c>--db</c> is PostgreSQL, and how it is named in messages: no database needed.</summary>
public sealed class PostgresConnectionStringsTests
{
    [Theory]
    [InlineData("Host=db;Database=telltale", true)]
    [InlineData("  host=db;Database=telltale", true)]
    [InlineData("postgres://db/telltale", true)]
    [InlineData("POSTGRESQL://db/telltale", true)]
    [InlineData("./Host=db", false)]
    [InlineData("/var/lib/telltale/scans.db", false)]
    [InlineData("scans.db", false)]
    [InlineData("Database=telltale;Host=db", false)]
    public void Only_a_value_starting_with_Host_or_a_postgres_uri_is_postgresql(string database, bool expected) =>
        Assert.Equal(expected, PostgresConnectionStrings.Recognises(database));

    [Theory]
    [InlineData("Host=db.internal;Port=6432;Database=telltale;Username=team;Password=hunter2", "postgresql://db.internal:6432/telltale")]
    [InlineData("postgresql://team:hunter2%40x@db.internal:6432/telltale?sslmode=require&timeout=5", "postgresql://db.internal:6432/telltale")]
    [InlineData("postgres://team@db.internal/telltale", "postgresql://db.internal:5432/telltale")]
    public void Both_forms_are_described_by_host_port_and_database_without_the_login(string database, string expected) =>
        Assert.Equal(expected, PostgresConnectionStrings.Describe(database));

    [Theory]
    [InlineData("postgresql://db.internal/telltale?colour=red")]
    [InlineData("Host=db.internal;Colour=red")]
    [InlineData("Host=db.internal;Port=many")]
    public void An_unknown_or_malformed_key_is_a_one_line_store_error(string database)
    {
        var error = Assert.Throws<StoreException>(() => PostgresConnectionStrings.Describe(database));

        Assert.StartsWith("--db is not a usable PostgreSQL connection string: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=;Database=telltale")]
    [InlineData("postgresql:///telltale")]
    public void A_connection_string_without_a_host_is_refused_before_connecting(string database)
    {
        var error = Assert.Throws<StoreException>(() => new PostgresScanStore(database));

        Assert.DoesNotContain('\n', error.Message);
    }
}
