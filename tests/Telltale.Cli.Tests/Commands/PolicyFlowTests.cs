using Telltale.Artifacts;
using Telltale.Cli;
using Telltale.Policy;

namespace Telltale.Tests.Commands;

/// <summary>
/// The whole flow a security team runs, end to end through the CLI against a registry on loopback: history finds
/// where a behaviour came and went and keeps the timeline, policy suggest turns it into an entry, validate accepts
/// it, check judges versions by it.
/// </summary>
[Collection("Console")]
public sealed class PolicyFlowTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-flow-").FullName;

    // A scope of its own, so the cached tarballs of another run are never taken for this one's.
    private readonly string _scope = "@telltale-flow-" + Guid.NewGuid().ToString("N")[..8];

    private readonly LocalNpmRegistry _registry;

    public PolicyFlowTests()
    {
        _registry = new LocalNpmRegistry(_scope, _folder);
        var covert = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "timezone-base64-apostrophe.js"));
        _registry.Publish(Tool, "1.0.0", "module.exports = () => 'hello';\n");
        _registry.Publish(Tool, "1.0.1", covert);
        _registry.Publish(Tool, "1.0.2", covert + "\nexports.version = '1.0.2';\n");
        _registry.Publish(Tool, "1.0.3", "module.exports = () => 'hello again';\n");
    }

    private string Tool => _scope + "/tool";

    private string Database => Path.Combine(_folder, "scans.db");

    public void Dispose()
    {
        _registry.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        foreach (var cached in Directory.EnumerateDirectories(Path.Combine(NpmRegistryClient.DefaultCacheDirectory(), "npm"), _scope + "+*"))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    [Fact]
    public async Task History_then_suggest_then_check()
    {
        var (code, _, error) = await CliHarness.RunWithOutputAsync("history", $"npm:{Tool}", "--db", Database, "--platform", "none");
        Assert.True(code == ExitCodes.Clean, error);
        Assert.Contains("Saved in the result store as history:1", error, StringComparison.Ordinal);

        var policy = Path.Combine(_folder, "policy.yaml");
        (code, error) = await CliHarness.RunAsync("policy", "suggest", "--from", "history:1", "--db", Database, "--behaviour", "TT2001", "--min-severity", "critical",
            "--status", "banned", "--effective", "2026-07-10", "--time-zone", "Europe/Berlin", "--id", "FLOW-1", "-o", policy);
        Assert.True(code == ExitCodes.Clean, error);
        var entry = Assert.Single(PolicyLoader.Load(policy).Entries);
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "1.0.1"), new RangeEvent(RangeEventKind.Fixed, "1.0.3")], Assert.Single(entry.Affected[0].Ranges).Events);
        Assert.Equal(("history", "history:1"), (entry.Evidence[0].Kind, entry.Evidence[0].Id));

        // Every scan the entry cites opens from the store.
        foreach (var scan in entry.Evidence.Where(e => e.Kind == "scan"))
        {
            Assert.Equal(ExitCodes.Clean, (await CliHarness.RunWithOutputAsync("report", "show", scan.Id[..12], "--db", Database, "--format", "json")).ExitCode);
        }

        (code, _, _) = await CliHarness.RunWithOutputAsync("policy", "validate", policy);
        Assert.Equal(ExitCodes.Clean, code);
        Assert.Equal(ExitCodes.PolicyWarnings, (await CliHarness.RunWithOutputAsync("check", "--policy", policy, $"npm:{Tool}@1.0.2", "--now", "2026-07-07T09:00:00Z")).ExitCode);
        Assert.Equal(ExitCodes.BannedInForce, (await CliHarness.RunWithOutputAsync("check", "--policy", policy, $"npm:{Tool}@1.0.2", "--now", "2026-07-10T09:00:00Z")).ExitCode);
        Assert.Equal(ExitCodes.Clean, (await CliHarness.RunWithOutputAsync("check", "--policy", policy, $"npm:{Tool}@1.0.3", "--now", "2026-07-10T09:00:00Z")).ExitCode);
    }
}
