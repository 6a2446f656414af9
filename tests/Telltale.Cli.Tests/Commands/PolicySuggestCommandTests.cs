using Telltale.Cli;
using Telltale.Policy;
using Telltale.Tracking.History;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Commands;

/// <summary><c>telltale policy suggest</c> from stored histories and bisections, with the alternative checked against stored scans.</summary>
[Collection("Console")]
public sealed class PolicySuggestCommandTests : IDisposable
{
    private static readonly string Executable197 = new('7', 64);
    private static readonly string Executable150 = new('5', 64);

    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-suggest-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Database => Path.Combine(_folder, "scans.db");

    /// <summary>A bisection as history --bisect stores it: introduced 2.1.91, removed 2.1.198, native builds scanned at 2.1.150 and 2.1.197.</summary>
    private static string Bisection() => $$"""
        {
          "package": "@anthropic-ai/claude-code", "range": ">=2.1.80 <=2.1.330", "behaviour": "TT2001 at critical or above",
          "versionCount": 214,
          "first": { "version": "2.1.80", "publishedAt": null }, "last": { "version": "2.1.330", "publishedAt": null },
          "presentAtStart": false, "presentAtEnd": false,
          "introduced": { "version": "2.1.91", "publishedAt": null }, "lastWithout": { "version": "2.1.90", "publishedAt": null },
          "removed": { "version": "2.1.198", "publishedAt": null }, "lastWith": { "version": "2.1.197", "publishedAt": null },
          "title": "Covert channel",
          "scans": [
            { "version": "2.1.80", "publishedAt": null, "present": false, "error": null, "scan": { "sha256": "{{new string('a', 64)}}", "platform": "linux-x64", "executables": [] } },
            { "version": "2.1.330", "publishedAt": null, "present": false, "error": null, "scan": { "sha256": "{{new string('b', 64)}}", "platform": "linux-x64", "executables": [ { "path": "p!/package/claude", "sha256": "{{new string('3', 64)}}" } ] } },
            { "version": "2.1.150", "publishedAt": null, "present": true, "error": null, "scan": { "sha256": "{{new string('c', 64)}}", "platform": "linux-x64", "executables": [ { "path": "p!/package/claude", "sha256": "{{Executable150}}" } ] } },
            { "version": "2.1.90", "publishedAt": null, "present": false, "error": null, "scan": { "sha256": "{{new string('d', 64)}}", "platform": "linux-x64", "executables": [] } },
            { "version": "2.1.91", "publishedAt": null, "present": true, "error": null, "scan": { "sha256": "{{new string('e', 64)}}", "platform": "linux-x64", "executables": [] } },
            { "version": "2.1.197", "publishedAt": null, "present": true, "error": null, "scan": { "sha256": "{{new string('f', 64)}}", "platform": "linux-x64", "executables": [ { "path": "p!/package/claude", "sha256": "{{Executable197}}" } ] } },
            { "version": "2.1.198", "publishedAt": null, "present": false, "error": null, "scan": { "sha256": "{{new string('1', 64)}}", "platform": "linux-x64", "executables": [ { "path": "p!/package/claude", "sha256": "{{new string('2', 64)}}" } ] } }
          ],
          "notes": []
        }
        """;

    private StoredTimeline Store()
    {
        using var store = new ScanStore(Database);
        var (_, bisection) = TimelineJsonReader.Read(Bisection());
        return store.SaveTimeline(bisection!, "linux-x64", "test", new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task From_a_stored_bisection_the_entry_has_both_boundaries_and_every_affected_native_build()
    {
        var saved = Store();
        var output = Path.Combine(_folder, "suggested.yaml");

        var (code, error) = await CliHarness.RunAsync("policy", "suggest", "--from", saved.Key, "--db", Database, "--status", "banned",
            "--effective", "2026-07-10", "--time-zone", "Europe/Berlin", "--decided-by", "Security team", "--decided-on", "2026-07-03", "-o", output);

        Assert.True(code == ExitCodes.Clean, error);
        var entry = Assert.Single(PolicyLoader.Load(output).Entries);
        var affected = Assert.Single(entry.Affected);
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "2.1.91"), new RangeEvent(RangeEventKind.Fixed, "2.1.198")], Assert.Single(affected.Ranges).Events);
        Assert.Equal([Executable150, Executable197], affected.NativeBuilds.Select(b => b.Sha256));
        Assert.All(affected.NativeBuilds, b => Assert.Equal("linux-x64", b.Platform));
        Assert.Equal(("bisect", saved.Key), (entry.Evidence[0].Kind, entry.Evidence[0].Id));
        Assert.Contains(entry.Evidence, e => e.Id == new string('d', 64) && e.Note == "2.1.90: does not have it");
        Assert.Contains(entry.Evidence, e => e.Id == new string('1', 64) && e.Note == "2.1.198: does not have it");
        Assert.Equal((PolicyStatus.Banned, "Europe/Berlin"), (entry.Status, entry.Effective!.TimeZone));
        Assert.Equal(new PolicyDecision("Security team", new DateOnly(2026, 7, 3)), entry.Decided);

        // The same from "latest", and the stored evidence opens with report show.
        var (latestCode, latest, _) = await CliHarness.RunWithOutputAsync("policy", "suggest", "--from", "latest", "--package", "npm:@anthropic-ai/claude-code", "--db", Database);
        Assert.Equal(ExitCodes.Clean, latestCode);
        Assert.Contains("introduced: \"2.1.91\"", latest, StringComparison.Ordinal);
        var (showCode, shown, showError) = await CliHarness.RunWithOutputAsync("report", "show", saved.Key, "--db", Database, "--format", "json");
        Assert.True(showCode == ExitCodes.Clean, showError);
        Assert.Equal(saved.Json, shown);
    }

    [Fact]
    public async Task An_alternative_without_a_clean_stored_scan_is_refused()
    {
        var saved = Store();

        var (code, error) = await CliHarness.RunAsync("policy", "suggest", "--from", saved.Key, "--db", Database, "--alternative", "npm:@openai/codex");

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains("alternative npm:@openai/codex has no stored scan: scan it first", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("history:999", "no stored history history:999")]
    [InlineData("latest", "--from latest needs --package npm:NAME")]
    public async Task Missing_evidence_is_one_line_and_exit_2(string from, string expected)
    {
        Store();

        var (code, error) = await CliHarness.RunAsync("policy", "suggest", "--from", from, "--db", Database);

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
