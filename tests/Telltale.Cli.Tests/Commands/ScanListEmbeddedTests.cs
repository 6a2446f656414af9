using System.Text.Json;
using System.Text.RegularExpressions;
using Telltale.Cli;
using Telltale.Tests.Artifacts.Native;

namespace Telltale.Tests.Commands;

/// <summary><c>scan --list-embedded</c> on a synthetic Bun executable: a host binary with a module graph appended.</summary>
[Collection("Console")]
public sealed class ScanListEmbeddedTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-embedded-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteBunExecutable()
    {
        var path = Path.Combine(_folder, "tool");
        var graph = new BunGraphWriter()
            .Add(BunTestModule.Script("/$bunfs/root/cli.js", "console.log(require('./lib.js'));\n"))
            .Add(BunTestModule.Script("/$bunfs/root/lib.js", "// @bun @bytecode") with { Bytecode = "\u0001module.exports = 42;\u0002"u8.ToArray() });
        File.WriteAllBytes(path, graph.AppendTo(File.ReadAllBytes("/bin/true")));
        return path;
    }

    private async Task<string> ScanToTextAsync(params string[] extra)
    {
        var output = Path.Combine(_folder, "report.txt");
        var (code, error) = await CliHarness.RunAsync(["scan", WriteBunExecutable(), "--quiet", "--fail-on", "never", "--output", output, .. extra]);
        Assert.True(code == ExitCodes.Clean, error);
        return File.ReadAllText(output);
    }

    // The terminal view written to a file wraps at 80 columns like any console without a width, so the
    // summary line is matched with its whitespace folded and the file lines, which fit, as they stand.
    private static string Folded(string text) => Regex.Replace(text, @"\s+", " ");

    [Fact]
    public async Task Prints_one_line_per_embedded_application_by_default()
    {
        var text = await ScanToTextAsync();

        Assert.Contains("embedded bun application in tool: 3 files (2 source, 1 bytecode), entry $bunfs/root/cli.js", Folded(text), StringComparison.Ordinal);
        Assert.DoesNotContain(text.Split('\n'), l => Regex.IsMatch(l, @"^    (source|bytecode|asset) +[0-9]"));
    }

    [Fact]
    public async Task Lists_every_embedded_file_with_the_flag()
    {
        var text = await ScanToTextAsync("--list-embedded");
        var lines = text.Split('\n');

        Assert.Contains("embedded bun application in tool: 3 files", Folded(text), StringComparison.Ordinal);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^    source +[0-9]+  \$bunfs/root/cli\.js \(entry point\)$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^    source +[0-9]+  \$bunfs/root/lib\.js$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^    bytecode +[0-9]+  \$bunfs/root/lib\.js\.jsc · bytecode only: "));
    }

    [Fact]
    public async Task Leaves_the_json_report_complete_either_way()
    {
        var output = Path.Combine(_folder, "report.json");
        var (code, error) = await CliHarness.RunAsync("scan", WriteBunExecutable(), "--quiet", "--fail-on", "never", "--format", "json", "--output", output);

        Assert.True(code == ExitCodes.Clean, error);
        using var document = JsonDocument.Parse(File.ReadAllText(output));
        var payload = Assert.Single(document.RootElement.GetProperty("payloads").EnumerateArray());
        Assert.Equal("bun", payload.GetProperty("format").GetString());
        Assert.Equal(3, payload.GetProperty("files").GetArrayLength());
    }
}
