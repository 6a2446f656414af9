using Telltale.Cli;
using Telltale.Team;

namespace Telltale.Tests.Commands;

/// <summary><c>telltale serve --init</c> and the refusals that come before anything listens; the server itself is tested in Telltale.Server.Tests.</summary>
[Collection("Console")]
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telltale-serve-").FullName;

    private string Database => Path.Combine(_directory, "scans.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Init_prints_the_first_admin_token_alone_once_and_refuses_a_second_time()
    {
        var (exitCode, output, error) = await CliHarness.RunWithOutputAsync("serve", "--init", "--db", Database);

        Assert.Equal(ExitCodes.Clean, exitCode);
        var secret = output.Trim();
        Assert.True(ApiTokenSecret.HasShape(secret), output);
        Assert.Contains("shown this once", error, StringComparison.Ordinal);
        using (var team = new SqliteTeamStore(Database))
        {
            Assert.Equal(TeamRole.Admin, team.Authenticate(secret)?.Role);
        }

        var (again, secondOutput, secondError) = await CliHarness.RunWithOutputAsync("serve", "--init", "--db", Database);
        Assert.Equal(ExitCodes.UsageOrInput, again);
        Assert.Empty(secondOutput.Trim());
        Assert.Contains("has a usable admin token already", secondError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:7878", "https is not served directly")]
    [InlineData("http://example.com:7878", "not a host name")]
    [InlineData("127.0.0.1:7878", "is not an address like")]
    [InlineData("http://127.0.0.1:7878/api", "has a path")]
    public async Task A_bad_listen_address_is_refused_before_anything_is_opened(string listen, string expected)
    {
        var (exitCode, error) = await CliHarness.RunAsync("serve", "--db", Database, "--listen", listen);

        Assert.Equal(ExitCodes.UsageOrInput, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Username=team;Password=hunter2-secret;Database=telltale")]
    [InlineData("postgresql://team:hunter2-secret@127.0.0.1:1/telltale")]
    public async Task A_postgres_server_that_is_not_there_is_one_line_without_the_password(string database)
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var (exitCode, output, error) = await CliHarness.RunWithOutputAsync("serve", "--init", "--db", database);

        Assert.Equal(ExitCodes.UsageOrInput, exitCode);
        Assert.Empty(output.Trim());
        Assert.StartsWith("telltale: cannot use the scan tables in postgresql://127.0.0.1:1/telltale: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [InlineData("--workers", "0", "--workers takes 1 to 64")]
    [InlineData("--registry", "ftp://registry.example", "--registry takes an http or https URL")]
    [InlineData("--webhook", "not a url", "--webhook takes an http or https URL")]
    [InlineData("--min-severity", "loud", "unknown severity 'loud'")]
    [InlineData("--poll-interval", "30s", "--poll-interval (at least 1m)")]
    [InlineData("--scan-retries", "99", "--scan-retries takes 0 to 20")]
    public async Task A_bad_job_option_is_refused_before_anything_is_opened(string option, string value, string expected)
    {
        var (exitCode, error) = await CliHarness.RunAsync("serve", "--worker", "--db", Database, option, value);

        Assert.Equal(ExitCodes.UsageOrInput, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task A_PostgreSQL_db_that_cannot_be_reached_stops_serve_with_one_line_naming_it_without_the_login()
    {
        // Port 1: nothing listens there, so the connection is refused at once.
        var (exitCode, error) = await CliHarness.RunAsync("serve", "--db", "Host=127.0.0.1;Port=1;Database=telltale;Username=someone;Password=secret-word");

        Assert.Equal(ExitCodes.UsageOrInput, exitCode);
        Assert.Contains("cannot use", error, StringComparison.Ordinal);
        Assert.Contains("postgresql://127.0.0.1:1/telltale", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", error, StringComparison.Ordinal);
        Assert.False(File.Exists("Host=127.0.0.1;Port=1;Database=telltale;Username=someone;Password=secret-word"));
    }
}
