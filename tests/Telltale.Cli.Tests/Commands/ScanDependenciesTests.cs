using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Telltale.Artifacts;
using Telltale.Cli;

namespace Telltale.Tests.Commands;

/// <summary><c>scan --deps</c> end to end: the CLI against a registry on loopback, with its own result store.</summary>
[Collection("Console")]
public sealed class ScanDependenciesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-").FullName;

    // A scope of its own, so the cached tarballs of another run are never taken for this one's.
    private readonly string _scope = "@telltale-e2e-" + Guid.NewGuid().ToString("N")[..8];

    private readonly LocalNpmRegistry _registry;

    public ScanDependenciesTests()
    {
        _registry = new LocalNpmRegistry(_scope, _folder);
        var list = "alpha-lab.example,beta-lab.example,gamma.example,delta.example,epsilon.example";
        var hidden = Convert.ToBase64String(Encoding.UTF8.GetBytes(list).Select(b => (byte)(b ^ 0x21)).ToArray());

        // The thin wrapper of the story: nothing in itself, its program (and secret) in a dependency.
        _registry.Publish(Wrapper, "1.0.0", $"module.exports = require('{Core}');\n", new JsonObject { ["dependencies"] = new JsonObject { [Core] = "^1.0.0" } });
        _registry.Publish(Core, "1.0.0", $"const L=\"{hidden}\";module.exports=()=>Buffer.from(L,'base64');\n");
    }

    private string Wrapper => _scope + "/wrapper";

    private string Core => _scope + "/core";

    private string Database => Path.Combine(_folder, "scans.db");

    public void Dispose()
    {
        _registry.Dispose();
        Directory.Delete(_folder, recursive: true);
        foreach (var cached in Directory.EnumerateDirectories(Path.Combine(NpmRegistryClient.DefaultCacheDirectory(), "npm"), _scope + "+*"))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    private static string Unwrapped(string output) => Regex.Replace(output, @"\s+", " ");

    [Fact]
    public async Task Finds_the_wrapper_clean_alone_and_its_dependency_s_secret_with_deps()
    {
        var (alone, _, _) = await CliHarness.RunWithOutputAsync("scan", $"npm:{Wrapper}@1.0.0", "--db", Database, "-q");
        var (code, output, error) = await CliHarness.RunWithOutputAsync("scan", $"npm:{Wrapper}@1.0.0", "--deps", "--db", Database, "-q");

        Assert.Equal(ExitCodes.Clean, alone);
        Assert.Equal(ExitCodes.FindingsAtThreshold, code);
        Assert.Empty(error);
        // The view wraps at the width of a redirected console (80), and these names are long.
        var text = Unwrapped(output);
        Assert.Contains("dependencies: 1 package npm would install, 1 with findings above info", text, StringComparison.Ordinal);
        Assert.Contains($"{Core}@1.0.0 (dependency of {Wrapper}@1.0.0) 1 high", text, StringComparison.Ordinal);
        Assert.Contains($"{Core}@1.0.0!/package/index.js", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reuses_every_stored_scan_on_a_second_run_and_writes_the_dependencies_in_json()
    {
        var first = Path.Combine(_folder, "first.json");
        var second = Path.Combine(_folder, "second.json");
        await CliHarness.RunAsync("scan", $"npm:{Wrapper}@1.0.0", "--deps", "--db", Database, "-f", "json", "-o", first);
        var tarballs = _registry.TarballRequests();

        var (code, error) = await CliHarness.RunAsync("scan", $"npm:{Wrapper}@1.0.0", "--deps", "--db", Database, "-f", "json", "-o", second);

        Assert.Equal(ExitCodes.FindingsAtThreshold, code);
        Assert.Equal((2, 2), (tarballs, _registry.TarballRequests()));
        Assert.Matches(@"^telltale: the target's report from the store \(scanned \d{4}-\d\d-\d\d \d\d:\d\d\); --no-store scans again\n$", error.ReplaceLineEndings("\n"));
        using var document = JsonDocument.Parse(File.ReadAllText(second));
        var dependency = Assert.Single(document.RootElement.GetProperty("target").GetProperty("dependencies").EnumerateArray());
        Assert.Equal((Core, "1.0.0", "dependency", $"{Wrapper}@1.0.0"), (dependency.GetProperty("name").GetString(), dependency.GetProperty("version").GetString(), dependency.GetProperty("kind").GetString(), dependency.GetProperty("requiredBy").GetString()));
        Assert.Contains(document.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("location").GetProperty("path").GetString() == $"{Core}@1.0.0!/package/index.js");
    }

    [Fact]
    public async Task Makes_a_range_nothing_matches_an_incomplete_report_that_fails_every_threshold()
    {
        _registry.Publish(_scope + "/broken", "1.0.0", "module.exports = 1;\n", new JsonObject { ["dependencies"] = new JsonObject { [Core] = "^7.0.0" } });

        var (code, output, _) = await CliHarness.RunWithOutputAsync("scan", $"npm:{_scope}/broken@1.0.0", "--deps", "--db", Database, "-q", "--fail-on", "critical");

        Assert.Equal(ExitCodes.FindingsAtThreshold, code);
        Assert.Contains("INCOMPLETE", output, StringComparison.Ordinal);
        Assert.Contains($"no published version of {Core} matches '^7.0.0'", Unwrapped(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_local_target_in_one_line()
    {
        var (code, error) = await CliHarness.RunAsync("scan", _folder, "--deps", "--db", Database);

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Equal($"telltale: --deps needs an npm target (npm:NAME[@VERSION|@TAG]), not {_folder}\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Refuses_a_cap_below_one_in_one_line()
    {
        var (code, error) = await CliHarness.RunAsync("scan", $"npm:{Wrapper}@1.0.0", "--deps", "--max-deps", "0", "--db", Database);

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Equal("telltale: --max-deps must be at least 1, not 0\n", error.ReplaceLineEndings("\n"));
    }
}
