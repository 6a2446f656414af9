using System.Net;
using Telltale.Team;

namespace Telltale.Tests;

/// <summary><c>POST /api/v1/histories</c>: what <c>history --server</c> sends, kept as <c>history:ID</c> with its audit row.</summary>
public abstract class HistoryUploadTests(StoreBackend backend) : ServerTest(backend)
{
    [Fact]
    public async Task An_uploaded_history_is_stored_audited_and_read_back_as_sent()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));
        var json = Fixtures.History();

        using var response = await reviewer.PostAsync("/api/v1/histories?platform=linux-x64&tool=0.7.0", Fixtures.Json(json));

        var created = await response.JsonAsync(HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        Assert.StartsWith("history:", key, StringComparison.Ordinal);
        Assert.Equal("history", created.GetProperty("kind").GetString());
        Assert.Equal("linux-x64", created.GetProperty("platform").GetString());
        Assert.Equal("0.7.0", created.GetProperty("toolVersion").GetString());
        Assert.Equal($"/api/v1/histories/{key}", response.Headers.Location?.OriginalString);

        using var readBack = await reviewer.GetAsync($"/api/v1/histories/{key}");
        Assert.Equal(json, await readBack.Content.ReadAsStringAsync());
        using var team = Server.OpenTeamStore();
        Assert.Contains(team.ListAudit(10), entry => entry.Entity == key);
    }

    [Fact]
    public async Task A_bisection_is_stored_as_a_bisection()
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));

        using var response = await reviewer.PostAsync("/api/v1/histories", Fixtures.Json(Fixtures.Bisection()));

        var created = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("bisect", created.GetProperty("kind").GetString());
        Assert.Equal("unknown", created.GetProperty("toolVersion").GetString());
    }

    [Theory]
    [InlineData("{\"package\": 7}", "not a telltale history or bisection")]
    [InlineData("[1, 2", "not a telltale history or bisection")]
    [InlineData("{}", "not a telltale history or bisection")]
    public async Task A_document_that_is_not_a_history_is_a_400_and_writes_nothing(string body, string expected)
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));

        using var response = await reviewer.PostAsync("/api/v1/histories", Fixtures.Json(body));

        Assert.Contains(expected, await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using var scans = Server.OpenScanStore();
        Assert.Empty(scans.ListTimelines());
    }

    [Theory]
    [InlineData("platform=linux%0Ax64")]
    [InlineData("tool=")]
    [InlineData("tool=0.7.0%E2%80%AE")]
    public async Task Hidden_or_empty_metadata_is_a_400(string query)
    {
        var reviewer = Server.Client(await Server.TokenAsync(TeamRole.Reviewer));

        using var response = await reviewer.PostAsync($"/api/v1/histories?{query}", Fixtures.Json(Fixtures.History()));

        Assert.Contains("printable ASCII", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}

public sealed class SqliteHistoryUploadTests() : HistoryUploadTests(StoreBackend.Sqlite);

public sealed class PostgresHistoryUploadTests() : HistoryUploadTests(StoreBackend.Postgres);
