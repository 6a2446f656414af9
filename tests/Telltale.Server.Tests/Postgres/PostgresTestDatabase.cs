using System.Globalization;
using Npgsql;

namespace Telltale.Tests;

/// <summary>
/// A database of its own on the PostgreSQL server named by <c>TELLTALE_TEST_POSTGRES</c> (an admin connection string
/// whose role may create databases; <c>.ci/postgres</c> starts Debian's server on loopback and prints one), made for
/// one test and dropped after it. Without the variable, <c>.ci/postgres</c> of this checkout is run once to find or start
/// that server (it needs root to install and start it); when that fails too the test fails with what to run: the
/// PostgreSQL half of the store tests is never skipped silently.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string AdminVariable = "TELLTALE_TEST_POSTGRES";

    private readonly string _adminConnectionString;

    private PostgresTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    private static readonly Lazy<Task<string?>> FromCiScript = new(RunCiScriptAsync);

    public string Name { get; }

    /// <summary>Connects to this test's database; what <c>serve --db</c> takes.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(AdminVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            admin = await FromCiScript.Value;
        }

        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"{AdminVariable} is not set: run 'export {AdminVariable}=\"$(bash .ci/postgres)\"' (installs and starts PostgreSQL on loopback) and test again");
        }

        var name = "telltale_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresTestDatabase(admin, name, builder.ConnectionString);
    }

    /// <summary>The connection string <c>.ci/postgres</c> prints, from the checkout the tests were built in; null when it cannot run.</summary>
    private static async Task<string?> RunCiScriptAsync()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, ".ci", "postgres")))
        {
            folder = folder.Parent;
        }

        if (folder is null)
        {
            return null;
        }

        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(folder.FullName, ".ci", "postgres"));
        try
        {
            using var script = System.Diagnostics.Process.Start(start)!;
            var output = script.StandardOutput.ReadToEndAsync();
            _ = script.StandardError.ReadToEndAsync();
            await script.WaitForExitAsync();
            return script.ExitCode == 0 ? (await output).Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)"), connection);
        await drop.ExecuteNonQueryAsync();
    }
}
