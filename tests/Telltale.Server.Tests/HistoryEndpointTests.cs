using System.Net;
using Telltale.Findings;
using Telltale.Team;
using Telltale.Tracking.History;

namespace Telltale.Tests;

public abstract class HistoryEndpointTests(StoreBackend backend) : ServerTest(backend)
{
    [Fact]
    public async Task Stored_histories_are_listed_and_read_back_by_key_or_id()
    {
        long id;
        string json;
        using (var scans = Server.OpenScanStore())
        {
            var timeline = new VersionTimeline(Fixtures.ClaudeCode, Severity.High, [], []) { Range = ">=2.1.88 <=2.1.93" };
            var stored = scans.SaveTimeline(timeline, "linux-x64", "0.7.0", DateTimeOffset.UtcNow);
            (id, json) = (stored.Id, stored.Json);
        }

        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));

        using var list = await viewer.GetAsync($"/api/v1/histories?package={Uri.EscapeDataString(Fixtures.ClaudeCode)}");
        var listed = Assert.Single((await list.JsonAsync()).EnumerateArray());
        Assert.Equal($"history:{id}", listed.GetProperty("key").GetString());
        Assert.Equal(">=2.1.88 <=2.1.93", listed.GetProperty("range").GetString());

        using var byKey = await viewer.GetAsync($"/api/v1/histories/history:{id}");
        Assert.Equal(json, await byKey.Content.ReadAsStringAsync());
        using var byId = await viewer.GetAsync($"/api/v1/histories/{id}");
        Assert.Equal(json, await byId.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("history:x", HttpStatusCode.BadRequest)]
    [InlineData("-1", HttpStatusCode.BadRequest)]
    [InlineData("history:999", HttpStatusCode.NotFound)]
    public async Task A_bad_or_unknown_history_is_a_problem(string key, HttpStatusCode expected)
    {
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));

        using var response = await viewer.GetAsync($"/api/v1/histories/{key}");

        Assert.NotEmpty(await response.ProblemAsync(expected));
    }

    [Fact]
    public async Task An_unknown_kind_is_a_400()
    {
        var viewer = Server.Client(await Server.TokenAsync(TeamRole.Viewer));

        using var response = await viewer.GetAsync("/api/v1/histories?kind=other");

        Assert.Contains("kind", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}

/// <summary>The tests above on a SQLite file.</summary>
public sealed class SqliteHistoryEndpointTests() : HistoryEndpointTests(StoreBackend.Sqlite);

/// <summary>The tests above on a PostgreSQL database.</summary>
public sealed class PostgresHistoryEndpointTests() : HistoryEndpointTests(StoreBackend.Postgres);
