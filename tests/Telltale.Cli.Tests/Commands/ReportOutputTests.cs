using System.Text;
using Telltale.Cli;
using Telltale.Cli.Commands;

namespace Telltale.Tests.Commands;

/// <summary><c>-o/--output</c> on every verb that has it: refused before any work when it cannot be written, replaced only when complete.</summary>
[Collection("Console")]
public sealed class ReportOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-output-").FullName;

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private string Database => Path.Combine(_folder, "scans.db");

    private string WritePackage()
    {
        var directory = Path.Combine(_folder, "pkg");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "package.json"), """{"name":"plain","version":"1.0.0"}""");
        File.WriteAllText(Path.Combine(directory, "index.js"), "module.exports = 1;\n");
        return directory;
    }

    private string WriteScript()
    {
        var script = Path.Combine(_folder, "script.js");
        File.WriteAllText(script, "var a = 1;\n");
        return script;
    }

    /// <summary>Each verb with targets that would take time or the network, so only a check made first can answer at once.</summary>
    private string[] Verb(string verb) => verb switch
    {
        "scan" => ["scan", WritePackage(), "--db", Database],
        "diff" => ["diff", WritePackage(), "npm:@acme/never-published@1.0.0", "--db", Database],
        "history" => ["history", "npm:@acme/never-published", "--db", Database],
        "report show" => ["report", "show", "abcd", "--db", Database],
        "deobfuscate" => ["deobfuscate", WriteScript()],
        _ => ["probe", "--timeout", "1"],
    };

    private static string[] WithOutput(string[] args, string output) =>
        args[0] == "probe" ? [.. args, "-o", output, "--", "node", "-e", "0"] : [.. args, "-o", output];

    public static TheoryData<string> Verbs => new() { "scan", "diff", "history", "report show", "probe", "deobfuscate" };

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Refuses_an_output_in_a_missing_directory_before_doing_anything(string verb)
    {
        var missing = Path.Combine(_folder, "no-such-dir");
        var output = Path.Combine(missing, "report.txt");

        var (code, error) = await CliHarness.RunAsync(WithOutput(Verb(verb), output));

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Equal($"telltale: cannot write {output}: the directory {missing} does not exist\n", error.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Refuses_a_directory_as_output_before_doing_anything(string verb)
    {
        var (code, error) = await CliHarness.RunAsync(WithOutput(Verb(verb), _folder));

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Equal($"telltale: cannot write {_folder}: it is a directory\n", error.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Refuses_a_read_only_file_as_output_and_leaves_it_alone(string verb)
    {
        var output = Path.Combine(_folder, "kept.txt");
        File.WriteAllText(output, "an earlier report");
        File.SetAttributes(output, FileAttributes.ReadOnly);

        var (code, error) = await CliHarness.RunAsync(WithOutput(Verb(verb), output));

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Equal($"telltale: cannot write {output}: it is read-only\n", error.ReplaceLineEndings("\n"));
        Assert.Equal("an earlier report", File.ReadAllText(output));
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task Replaces_an_existing_report_and_leaves_no_temporary_file()
    {
        var output = Path.Combine(_folder, "report.json");
        File.WriteAllText(output, "an earlier report");

        var (code, error) = await CliHarness.RunAsync("scan", WritePackage(), "--db", Database, "-f", "json", "-o", output);

        Assert.True(code == ExitCodes.Clean, error);
        Assert.StartsWith("{", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Equal(["pkg", "report.json", "scans.db"], Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).Where(n => !n!.StartsWith("scans.db-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_write_that_fails_halfway_leaves_the_earlier_file_and_no_temporary_file()
    {
        var output = Path.Combine(_folder, "report.json");
        File.WriteAllText(output, "an earlier report");

        await Assert.ThrowsAsync<IOException>(() => ReportFile.WriteAsync(output, async writer =>
        {
            await writer.WriteAsync(new string('x', 100_000));
            await writer.FlushAsync();
            throw new IOException("disk full");
        }));

        Assert.Equal("an earlier report", File.ReadAllText(output));
        Assert.Equal([output], Directory.EnumerateFiles(_folder));
    }

    [Fact]
    public async Task Writes_through_a_link_to_the_file_it_points_to()
    {
        var target = Path.Combine(_folder, "real.json");
        var link = Path.Combine(_folder, "link.json");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);

        await ReportFile.WriteAsync(link, writer => writer.WriteAsync("new"));

        Assert.Equal("new", File.ReadAllText(target, Encoding.UTF8));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }
}
