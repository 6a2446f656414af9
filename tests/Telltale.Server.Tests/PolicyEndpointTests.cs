using System.Net;
using Telltale.Team;

namespace Telltale.Tests;

public abstract class PolicyEndpointTests(StoreBackend backend) : ServerTest(backend)
{
    [Fact]
    public async Task Before_any_policy_there_is_none_to_get()
    {
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));

        using var response = await viewer.GetAsync("/api/v1/policy");

        Assert.Contains("no policy", await response.ProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_put_is_the_current_one_with_its_entries_and_its_version_history()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        var machine = Server.Client(await Server.TokenAsync(TeamRole.Machine));

        using var put = await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(Fixtures.BanPolicy));
        var saved = await put.JsonAsync();
        Assert.Equal(1, saved.GetProperty("version").GetInt64());
        Assert.True(saved.GetProperty("changed").GetBoolean());

        using var current = await machine.GetAsync("/api/v1/policy");
        var policy = await current.JsonAsync();
        Assert.Equal(Fixtures.BanPolicy, policy.GetProperty("yaml").GetString());
        Assert.Equal("ACME high-risk software", policy.GetProperty("name").GetString());
        Assert.Equal("reviewer token", policy.GetProperty("savedBy").GetString());
        var entry = Assert.Single(policy.GetProperty("entries").EnumerateArray());
        Assert.Equal("ACME-2026-001", entry.GetProperty("id").GetString());
        Assert.Equal("banned", entry.GetProperty("status").GetString());
        Assert.Equal("2026-07-10", entry.GetProperty("effective").GetString());
        Assert.Equal("npm:@anthropic-ai/claude-code", Assert.Single(entry.GetProperty("affected").EnumerateArray()).GetString());

        using var second = await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(Fixtures.BanPolicy.Replace("ACME high-risk", "ACME risky", StringComparison.Ordinal)));
        Assert.Equal(2, (await second.JsonAsync()).GetProperty("version").GetInt64());

        using var versions = await Server.Client(await Server.TokenAsync(TeamRole.Viewer)).GetAsync("/api/v1/policy/versions");
        var listed = (await versions.JsonAsync()).EnumerateArray().ToList();
        Assert.Equal([2L, 1L], listed.Select(v => v.GetProperty("version").GetInt64()));
        Assert.All(listed, v => Assert.Equal("reviewer token", v.GetProperty("savedBy").GetString()));

        using var first = await reviewer.GetAsync("/api/v1/policy/versions/1");
        Assert.Equal(Fixtures.BanPolicy, (await first.JsonAsync()).GetProperty("yaml").GetString());
        using var missing = await reviewer.GetAsync("/api/v1/policy/versions/9");
        await missing.ProblemAsync(HttpStatusCode.NotFound);

        using var team = Server.OpenTeamStore();
        Assert.Equal(["policy:2", "policy:1"], team.ListAudit(10).Where(a => a.Route == "/api/v1/policy").Select(a => a.Entity));
    }

    [Fact]
    public async Task Putting_the_current_text_again_writes_nothing()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        (await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(Fixtures.BanPolicy))).Dispose();

        using var again = await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(Fixtures.BanPolicy));

        var body = await again.JsonAsync();
        Assert.False(body.GetProperty("changed").GetBoolean());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        using var team = Server.OpenTeamStore();
        Assert.Single(team.ListPolicies(0));
        Assert.Single(team.ListAudit(10), a => a.Entity?.StartsWith("policy:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_policy_with_an_unknown_field_is_a_400_with_the_loader_s_file_and_line()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));

        using var response = await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(Fixtures.PolicyWithUnknownField));

        var detail = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Matches("^policy\\.yaml:[0-9]+: unknown field 'colour' in entry 'ACME-2026-001'", detail);
        using var team = Server.OpenTeamStore();
        Assert.Empty(team.ListPolicies(0));
    }

    [Theory]
    [InlineData("include: [/etc/passwd]\nentries: []\n", "'include' is not allowed")]
    [InlineData("osv: [/]\nentries: []\n", "'osv' is not allowed")]
    [InlineData("entries: [ { id: &a A } ]\n", "anchors")]
    [InlineData("entries: [\n", "not valid YAML")]
    public async Task A_policy_that_reads_files_or_is_not_a_policy_is_refused(string yaml, string expected)
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));

        using var response = await reviewer.PutAsync("/api/v1/policy", Fixtures.Yaml(yaml));

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var team = Server.OpenTeamStore();
        Assert.Empty(team.ListPolicies(0));
    }

    [Fact]
    public async Task A_policy_that_is_not_utf8_is_a_400()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        using var content = new ByteArrayContent([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xFF, 0xFE]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/yaml");

        using var response = await reviewer.PutAsync("/api/v1/policy", content);

        Assert.Contains("UTF-8", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_sent_as_another_content_type_is_a_415_that_says_which()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));

        using var response = await reviewer.PutAsync("/api/v1/policy", Fixtures.Json("{}"));

        Assert.Contains("application/yaml", await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqlitePolicyEndpointTests() : PolicyEndpointTests(StoreBackend.Sqlite);

/// <summary>The tests above on a PostgreSQL database.</summary>
public sealed class PostgresPolicyEndpointTests() : PolicyEndpointTests(StoreBackend.Postgres);
