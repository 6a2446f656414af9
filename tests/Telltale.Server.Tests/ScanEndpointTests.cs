using System.Net;
using Telltale.Findings;
using Telltale.Team;

namespace Telltale.Tests;

public abstract class ScanEndpointTests(StoreBackend backend) : ServerTest(backend, maxReportBytes: 256 * 1024)
{
    [Fact]
    public async Task An_uploaded_report_reads_back_identical_and_is_listed_and_audited()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));
        var report = Fixtures.Report();
        var sha256 = Reports.ReportFixtures.Sample().Target.Sha256;

        using var upload = await reviewer.PostAsync("/api/v1/scans", Fixtures.Json(report));
        var created = await upload.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/scans/{sha256}", upload.Headers.Location?.OriginalString);
        Assert.Equal(sha256, created.GetProperty("sha256").GetString());
        Assert.True(created.GetProperty("uploaded").GetBoolean());

        using var full = await viewer.GetAsync($"/api/v1/scans/{sha256}");
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(report, await full.Content.ReadAsStringAsync());
        using var byPrefix = await viewer.GetAsync($"/api/v1/scans/{sha256[..6].ToUpperInvariant()}");
        Assert.Equal(report, await byPrefix.Content.ReadAsStringAsync());

        using var list = await viewer.GetAsync("/api/v1/scans?name=LEFT-PAD&limit=5");
        var listed = Assert.Single((await list.JsonAsync()).EnumerateArray());
        Assert.Equal(sha256, listed.GetProperty("sha256").GetString());
        Assert.Equal(1, listed.GetProperty("findings").GetProperty("critical").GetInt32());

        using var team = Server.OpenTeamStore();
        var audit = team.ListAudit(10)[0];
        Assert.Equal($"scan:{sha256}", audit.Entity);
        Assert.Equal("reviewer token", audit.TokenName);
        Assert.Equal(TeamRole.Reviewer, audit.Role);
        Assert.Equal("POST", audit.Method);
        Assert.Equal("/api/v1/scans", audit.Route);
        Assert.Equal(TimeSpan.Zero, audit.At.Offset);
    }

    [Fact]
    public async Task The_same_report_uploaded_twice_is_one_scan()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));

        (await reviewer.PostAsync("/api/v1/scans", Fixtures.Json(Fixtures.Report()))).Dispose();
        (await reviewer.PostAsync("/api/v1/scans", Fixtures.Json(Fixtures.Report()))).Dispose();

        using var scans = Server.OpenScanStore();
        Assert.Single(scans.List());
    }

    [Theory]
    [InlineData("{\"schemaVersion\": ", "not valid JSON")]
    [InlineData("[]", "not a telltale scan report")]
    [InlineData("{\"schemaVersion\": \"1.6\"}", "tool")]
    public async Task A_malformed_report_is_a_400_with_the_reader_s_message(string body, string expected)
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));

        using var response = await reviewer.PostAsync("/api/v1/scans", Fixtures.Json(body));

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var scans = Server.OpenScanStore();
        Assert.Empty(scans.List());
    }

    [Fact]
    public async Task A_report_of_another_schema_major_version_is_a_400()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        var report = Fixtures.Report().Replace($"\"schemaVersion\": \"{Telltale.Reports.JsonReportWriter.SchemaVersion}\"", "\"schemaVersion\": \"2.0\"", StringComparison.Ordinal);
        Assert.Contains("\"2.0\"", report, StringComparison.Ordinal);

        using var response = await reviewer.PostAsync("/api/v1/scans", Fixtures.Json(report));

        Assert.Contains("schema version '2.0' is not supported", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_over_the_limit_is_a_400_and_is_not_read()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        var padded = Fixtures.Report().Insert(1, $"\"padding\": \"{new string('x', 300 * 1024)}\", ");

        using var response = await reviewer.PostAsync("/api/v1/scans", Fixtures.Json(padded));

        Assert.Contains("too large", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var scans = Server.OpenScanStore();
        Assert.Empty(scans.List());
    }

    [Fact]
    public async Task An_empty_body_is_a_400()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));

        using var response = await reviewer.PostAsync("/api/v1/scans", Fixtures.Json(""));

        Assert.Contains("no body", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_whose_sha256_is_not_hex_is_refused()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        var sample = Reports.ReportFixtures.Sample();
        var report = Fixtures.Report(sample with { Target = sample.Target with { Sha256 = "../../etc/passwd" } });

        using var response = await reviewer.PostAsync("/api/v1/scans", Fixtures.Json(report));

        Assert.Contains("sha256", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", HttpStatusCode.BadRequest)]
    [InlineData("zzzz", HttpStatusCode.BadRequest)]
    [InlineData("0000", HttpStatusCode.NotFound)]
    public async Task A_bad_or_unknown_key_is_a_problem(string key, HttpStatusCode expected)
    {
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));

        using var response = await viewer.GetAsync($"/api/v1/scans/{key}");

        Assert.NotEmpty(await response.ProblemAsync(expected));
    }

    [Fact]
    public async Task A_limit_out_of_range_is_a_400()
    {
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));

        using var response = await viewer.GetAsync("/api/v1/scans?limit=0");

        Assert.Contains("limit", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteScanEndpointTests() : ScanEndpointTests(StoreBackend.Sqlite);

/// <summary>The tests above on a PostgreSQL database.</summary>
public sealed class PostgresScanEndpointTests() : ScanEndpointTests(StoreBackend.Postgres);
