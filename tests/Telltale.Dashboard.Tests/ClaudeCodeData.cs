using System.Net;
using Telltale.Team;
using Telltale.Tracking.History;
using Telltale.Tracking.Store;

namespace Telltale.Tests;

/// <summary>
/// The real evidence the flow runs on: the stored bisection of @anthropic-ai/claude-code 2.1.80–2.1.330 (introduced
/// 2.1.91, removed 2.1.198) and the scans of 2.1.90, 2.1.91, 2.1.197 and 2.1.198, as this tool wrote them.
/// </summary>
internal static class ClaudeCodeData
{
    public static readonly string[] ScannedVersions = ["2.1.90", "2.1.91", "2.1.197", "2.1.198"];

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Uploads the four scans through the API and stores the bisection as <c>telltale history --server</c> keeps it; returns it.</summary>
    public static async Task<StoredTimeline> SeedAsync(ServerHarness server)
    {
        var uploader = server.Client(await server.TokenAsync(TeamRole.Reviewer));
        foreach (var version in ScannedVersions)
        {
            using var response = await uploader.PostAsync("/api/v1/scans", Fixtures.Json(await File.ReadAllTextAsync(FixturePath($"claude-code-{version}.report.json"))));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var (_, bisection) = TimelineJsonReader.Read(await File.ReadAllTextAsync(FixturePath("claude-code-bisect.history.json")));
        Assert.NotNull(bisection);
        using var store = server.OpenScanStore();
        return store.SaveTimeline(bisection, "linux-x64", "0.7.0", DateTimeOffset.UtcNow);
    }

    /// <summary>Posts an inventory holding claude-code <paramref name="version"/> as the machine <paramref name="host"/> would.</summary>
    public static async Task PostInventoryAsync(ServerHarness server, string host, string version)
    {
        var machine = server.Client(await server.TokenAsync(TeamRole.Machine));
        using var response = await machine.PostAsync("/api/v1/inventories", Fixtures.Json(Fixtures.Inventory(host, version)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
