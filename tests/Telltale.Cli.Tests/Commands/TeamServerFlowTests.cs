using System.Net.Http.Headers;
using System.Text.Json;
using Telltale.Cli;
using Telltale.Artifacts;
using Telltale.Server;
using Telltale.Team;

namespace Telltale.Tests.Commands;

/// <summary>
/// <c>scan|history|check --server URL</c> against a real <c>telltale serve</c> on loopback: what each uploads, what the
/// server then holds, and the one-line refusals (no token, a token of too low a role, a server that is not there).
/// </summary>
[Collection("Console")]
public sealed class TeamServerFlowTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-team-").FullName;

    // A scope of its own, so the cached tarballs of another run are never taken for this one's.
    private readonly string _scope = "@telltale-team-" + Guid.NewGuid().ToString("N")[..8];

    private readonly string? _previousToken = Environment.GetEnvironmentVariable(TeamServerVariable);
    private LocalNpmRegistry? _registry;
    private RunningServer? _server;
    private string _admin = "";

    private const string TeamServerVariable = "TELLTALE_TOKEN";

    private string Tool => _scope + "/tool";

    private string ServerDatabase => Path.Combine(_folder, "server.db");

    private string LocalDatabase => Path.Combine(_folder, "local.db");

    private string Url => _server!.BaseAddress.ToString();

    private static string Covert => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "timezone-base64-apostrophe.js"));

    public async Task InitializeAsync()
    {
        _registry = new LocalNpmRegistry(_scope, _folder);
        _registry.Publish(Tool, "1.0.0", "module.exports = () => 'hello';\n");
        _registry.Publish(Tool, "1.0.1", Covert);
        _registry.Publish(Tool, "1.0.2", "module.exports = () => 'hello again';\n");
        _admin = TelltaleServer.InitialiseAdmin(ServerDatabase)!.Secret;
        _server = await TelltaleServer.StartAsync(new ServerOptions { Database = ServerDatabase, Listen = new Uri("http://127.0.0.1:0"), ConsoleLogging = false });
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(TeamServerVariable, _previousToken);
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _registry?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        foreach (var cached in Directory.EnumerateDirectories(Path.Combine(NpmRegistryClient.DefaultCacheDirectory(), "npm"), _scope + "+*"))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    [Fact]
    public async Task Scan_uploads_its_report_after_writing_it()
    {
        UseToken(TeamRole.Reviewer);
        var file = Path.Combine(_folder, "covert.js");
        await File.WriteAllTextAsync(file, Covert);

        var (code, output, error) = await CliHarness.RunWithOutputAsync("scan", file, "--server", Url, "--db", LocalDatabase, "--format", "json");

        Assert.True(code == ExitCodes.FindingsAtThreshold, error);
        var sha256 = JsonDocument.Parse(output).RootElement.GetProperty("target").GetProperty("sha256").GetString()!;
        Assert.Contains($"uploaded to {Url} as scan {sha256[..12]}", error, StringComparison.Ordinal);
        var stored = (await GetAsync($"api/v1/scans/{sha256}")).RootElement;
        Assert.Equal(sha256, stored.GetProperty("target").GetProperty("sha256").GetString());
        Assert.Equal("critical", stored.GetProperty("summary").GetProperty("highest").GetString());
    }

    [Fact]
    public async Task History_uploads_the_timeline_and_every_scan_it_cites()
    {
        UseToken(TeamRole.Reviewer);

        var (code, _, error) = await CliHarness.RunWithOutputAsync("history", $"npm:{Tool}", "--server", Url, "--db", LocalDatabase, "--platform", "none");

        Assert.True(code == ExitCodes.Clean, error);
        Assert.Contains($"uploaded to {Url} as history:1, with 3 scans", error, StringComparison.Ordinal);
        var timeline = (await GetAsync("api/v1/histories/history:1")).RootElement;
        Assert.Equal(Tool, timeline.GetProperty("package").GetString());
        var cited = timeline.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("scan").GetProperty("sha256").GetString()!).ToList();
        Assert.Equal(3, cited.Count);
        var onServer = (await GetAsync("api/v1/scans")).RootElement.EnumerateArray().Select(s => s.GetProperty("sha256").GetString()).ToHashSet();
        Assert.All(cited, sha256 => Assert.Contains(sha256, onServer));
    }

    [Fact]
    public async Task Check_takes_the_team_s_policy_and_posts_this_machine_s_inventory()
    {
        using (var admin = Client(_admin))
        using (var put = await admin.PutAsync("api/v1/policy", new StringContent(Policy, System.Text.Encoding.UTF8, "application/yaml")))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        UseToken(TeamRole.Machine);
        var (banned, _, error) = await CliHarness.RunWithOutputAsync("check", "--server", Url, $"npm:{Tool}@1.0.1", "--now", "2026-07-10T09:00:00Z");
        Assert.True(banned == ExitCodes.BannedInForce, error);
        var (clean, _, _) = await CliHarness.RunWithOutputAsync("check", "--server", Url, $"npm:{Tool}@1.0.2", "--now", "2026-07-10T09:00:00Z");
        Assert.Equal(ExitCodes.Clean, clean);

        // A tree is not this machine: checked against the team's policy, but not posted under a name it does not have.
        var root = Directory.CreateDirectory(Path.Combine(_folder, "machine")).FullName;
        var (tree, _, treeError) = await CliHarness.RunWithOutputAsync("check", "--server", Url, "--root", root);
        Assert.True(tree == ExitCodes.Clean, treeError);
        Assert.Contains("its inventory is not posted", treeError, StringComparison.Ordinal);

        // This machine is posted under its name; the list bans only this test's own package, so nothing here fails.
        var (code, _, machineError) = await CliHarness.RunWithOutputAsync("check", "--server", Url);
        Assert.True(code is ExitCodes.Clean or ExitCodes.PolicyWarnings, machineError);
        Assert.DoesNotContain("not posted", machineError, StringComparison.Ordinal);
        using var team = new SqliteTeamStore(ServerDatabase);
        Assert.Equal(Environment.MachineName, Assert.Single(team.LatestInventories()).Host);
        Assert.Single(team.LatestInventories());
    }

    [Fact]
    public async Task A_missing_token_is_refused_before_any_work()
    {
        Environment.SetEnvironmentVariable(TeamServerVariable, null);

        var (code, _, error) = await CliHarness.RunWithOutputAsync("history", $"npm:{Tool}", "--server", Url, "--db", LocalDatabase);

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains("--server needs an API token in $TELLTALE_TOKEN", error, StringComparison.Ordinal);
        Assert.Equal(0, _registry!.TarballRequests());
    }

    [Fact]
    public async Task A_token_of_too_low_a_role_fails_the_upload_after_the_report_is_written()
    {
        UseToken(TeamRole.Viewer);
        var file = Path.Combine(_folder, "honest.js");
        await File.WriteAllTextAsync(file, "module.exports = 1;\n");

        var (code, output, error) = await CliHarness.RunWithOutputAsync("scan", file, "--server", Url, "--no-store", "--format", "json");

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains("\"target\"", output, StringComparison.Ordinal);
        Assert.Contains("the token in TELLTALE_TOKEN may not POST /api/v1/scans: this needs a reviewer token or above; this token is viewer", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/", "cannot reach the team server at http://127.0.0.1:1/")]
    [InlineData("ftp://127.0.0.1/", "is not a server address")]
    [InlineData("http://127.0.0.1:7878/?x=1", "is not a server address")]
    public async Task An_unusable_server_is_one_line(string server, string expected)
    {
        UseToken(TeamRole.Machine);

        var (code, _, error) = await CliHarness.RunWithOutputAsync("check", "--server", server, $"npm:{Tool}@1.0.1");

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Check_takes_exactly_one_policy()
    {
        UseToken(TeamRole.Machine);

        var neither = await CliHarness.RunWithOutputAsync("check", $"npm:{Tool}@1.0.1");
        var both = await CliHarness.RunWithOutputAsync("check", "--policy", "p.yaml", "--server", Url, $"npm:{Tool}@1.0.1");

        Assert.Equal(ExitCodes.UsageOrInput, neither.ExitCode);
        Assert.Equal(ExitCodes.UsageOrInput, both.ExitCode);
        Assert.Contains("check needs one policy: --policy FILE, or --server URL", neither.Error, StringComparison.Ordinal);
        Assert.Contains("check needs one policy: --policy FILE, or --server URL", both.Error, StringComparison.Ordinal);
    }

    private string Policy => $$"""
        schema_version: "1"
        name: Team list
        entries:
          - id: TEAM-1
            title: The tool hides a time-zone list
            status: banned
            effective: { date: 2026-07-10, time_zone: Europe/Berlin }
            reason: A hidden list of time zones selects a look-alike apostrophe.
            affected:
              - package: { ecosystem: npm, name: "{{Tool}}" }
                ranges:
                  - type: SEMVER
                    events: [ { introduced: "1.0.1" }, { fixed: "1.0.2" } ]
        """;

    private void UseToken(TeamRole role)
    {
        using var team = new SqliteTeamStore(ServerDatabase);
        Environment.SetEnvironmentVariable(TeamServerVariable, team.IssueToken($"cli {role}", role, AuditContext.ServerConsole("test")).Secret);
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = _server!.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var client = Client(_admin);
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
        return JsonDocument.Parse(text);
    }
}
