using System.Net;
using Telltale.Findings;
using Telltale.Team;
using static Telltale.Tests.Reports.ReportFixtures;

namespace Telltale.Tests;

/// <summary><c>GET /api/v1/diff</c>: two stored scans compared as <c>telltale diff --format json</c> compares them.</summary>
public abstract class DiffEndpointTests(StoreBackend backend) : ServerTest(backend)
{
    private const string OldSha256 = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string NewSha256 = "2222222222222222222222222222222222222222222222222222222222222222";

    [Fact]
    public async Task Two_stored_scans_are_diffed_by_sha256_prefix()
    {
        await UploadAsync(OldSha256, Finding("env.fingerprint", Severity.Low));
        await UploadAsync(NewSha256, Finding("env.fingerprint", Severity.Low), Finding("TT2001", Severity.Critical, line: 9));
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));

        using var response = await viewer.GetAsync($"/api/v1/diff?old={OldSha256[..8]}&new={NewSha256[..8]}");

        var diff = await response.JsonAsync();
        Assert.Equal(OldSha256, diff.GetProperty("old").GetProperty("target").GetProperty("sha256").GetString());
        Assert.Equal(NewSha256, diff.GetProperty("new").GetProperty("target").GetProperty("sha256").GetString());
        var added = Assert.Single(diff.GetProperty("findings").EnumerateArray(), f => f.GetProperty("change").GetString() == "added");
        Assert.Equal("TT2001", added.GetProperty("ruleId").GetString());
    }

    [Theory]
    [InlineData("/api/v1/diff?old=1111", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/diff?old=1111&new=zz", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/diff?old=1111&new=3333", HttpStatusCode.NotFound)]
    public async Task A_missing_malformed_or_unknown_scan_is_a_problem(string path, HttpStatusCode expected)
    {
        await UploadAsync(OldSha256, Finding());
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));

        using var response = await viewer.GetAsync(path);

        Assert.NotEmpty(await response.ProblemAsync(expected));
    }

    private async Task UploadAsync(string sha256, params Finding[] findings)
    {
        var report = With(findings) with { Target = Empty().Target with { Sha256 = sha256 } };
        using var response = await Server.Admin.PostAsync("/api/v1/scans", Fixtures.Json(Fixtures.Report(report)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}

public sealed class SqliteDiffEndpointTests() : DiffEndpointTests(StoreBackend.Sqlite);

public sealed class PostgresDiffEndpointTests() : DiffEndpointTests(StoreBackend.Postgres);
