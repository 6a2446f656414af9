using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Telltale.Team;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Jobs;

/// <summary><c>POST /api/v1/scans/requests</c>: the server scans an npm target on a background job, against a fake registry.</summary>
public sealed class ScanRequestTests
{
    [Fact]
    public async Task A_requested_scan_runs_as_a_job_and_its_report_is_stored_once()
    {
        await using var node = await WatchNode.StartAsync();
        var package = "tt-request-" + Guid.NewGuid().ToString("N")[..10];
        node.Registry.Publish(package, "1.0.0", FakeNpmRegistry.CovertCode);
        var reviewer = node.Client(await node.TokenAsync(TeamRole.Reviewer));

        var first = await RequestAsync(reviewer, $"npm:{package}@1.0.0");
        var second = await RequestAsync(reviewer, $"npm:{package}@1.0.0");

        var sha256 = await SucceededAsync(reviewer, first);
        Assert.Equal(sha256, await SucceededAsync(reviewer, second));
        using var report = JsonDocument.Parse(await reviewer.GetStringAsync($"/api/v1/scans/{sha256}"));
        Assert.Equal("critical", report.RootElement.GetProperty("summary").GetProperty("highest").GetString());
        using var scans = new ScanStore(node.DatabasePath);
        Assert.Single(scans.List(package));
        using var team = new SqliteTeamStore(node.DatabasePath);
        Assert.Contains(team.ListAudit(10), entry => entry.Entity == $"scan-request:{first}");
    }

    [Fact]
    public async Task A_version_that_cannot_be_scanned_ends_failed_with_its_reason()
    {
        await using var node = await WatchNode.StartAsync();
        var reviewer = node.Client(await node.TokenAsync(TeamRole.Reviewer));

        var id = await RequestAsync(reviewer, "npm:tt-request-missing@9.9.9");

        JsonElement state = default;
        await Waiting.UntilAsync(async () => (state = await StateAsync(reviewer, id)).GetProperty("state").GetString() == "Failed", "the request to fail");
        Assert.False(string.IsNullOrEmpty(state.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Null, state.GetProperty("sha256").ValueKind);
    }

    [Theory]
    [InlineData("{\"target\": \"/etc/passwd\"}", "npm targets only")]
    [InlineData("{\"target\": \"./package.tgz\"}", "npm targets only")]
    [InlineData("{}", "give the npm target")]
    [InlineData("{\"target\": \"npm:ok@1.0.0\", \"platform\": \"plan9-x64\"}", "plan9")]
    [InlineData("[1,", "not valid JSON")]
    public async Task A_request_that_is_not_an_npm_target_is_a_400_and_queues_nothing(string body, string expected)
    {
        await using var node = await WatchNode.StartAsync();
        var reviewer = node.Client(await node.TokenAsync(TeamRole.Reviewer));

        using var response = await reviewer.PostAsync("/api/v1/scans/requests", Fixtures.Json(body));

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_reviewer_may_request_and_an_unknown_job_is_a_404()
    {
        await using var node = await WatchNode.StartAsync();
        var viewer = node.Client(await node.TokenAsync(TeamRole.Viewer));

        using var refused = await viewer.PostAsJsonAsync("/api/v1/scans/requests", new { target = "npm:left-pad@1.3.0" });
        await refused.ProblemAsync(HttpStatusCode.Forbidden);
        using var unknown = await viewer.GetAsync("/api/v1/scans/requests/999999");
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<string> RequestAsync(HttpClient client, string target)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/scans/requests", new { target, platform = "none" });
        var accepted = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(target, accepted.GetProperty("target").GetString());
        return accepted.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> StateAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/v1/scans/requests/{id}");
        return await response.JsonAsync();
    }

    private static async Task<string> SucceededAsync(HttpClient client, string id)
    {
        JsonElement state = default;
        await Waiting.UntilAsync(async () => (state = await StateAsync(client, id)).GetProperty("state").GetString() == "Succeeded",
            $"scan request {id} to succeed", () => state.ToString());
        return state.GetProperty("sha256").GetString()!;
    }
}
