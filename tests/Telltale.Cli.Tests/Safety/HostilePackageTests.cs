using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Telltale.Cli;

namespace Telltale.Tests.Safety;

/// <summary>
/// A package built to attack the reviewer's terminal: escape sequences, C1 controls, bidi overrides and
/// isolates, CR, BS and DEL in its entry names, its package.json name and version, and a decoded literal.
/// Every terminal view and every message must show them as escapes and emit none of them.
/// </summary>
[Collection("Console")]
public sealed class HostilePackageTests : IDisposable
{
    /// <summary>Clears the screen, retitles the window, a C1 CSI, right-to-left override, LTR isolate, CR, BS, DEL.</summary>
    private const string Attack = "\u001b[2J\u001b]0;title\u0007\u009b31m\u202E\u2066\r\b\u007F";

    /// <summary>Shorter, for the name and version: the header line must fit 80 columns to be shown whole.</summary>
    private const string ShortAttack = "\u001b[2J\u202E";

    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Database => Path.Combine(_folder, "scans.db");

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>
    /// The tarball: package.json with an attack in name and version; index.js with a literal, base64 of
    /// xor 0x21, that decodes to prose with a URL and the attack (long enough that the few controls still
    /// read as text); and an entry whose name carries the attack, hiding a domain list so a finding points into it.
    /// </summary>
    private string WriteHostileTarball()
    {
        var decoded = $"Upload diagnostics to https://collect.evil.example/upload{Attack} now. "
            + string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog while the agent reports home. ", 5));
        var literal = Convert.ToBase64String(Encoding.UTF8.GetBytes(decoded).Select(b => (byte)(b ^ 0x21)).ToArray());
        var list = "alpha-lab.example,beta-lab.example,gamma.example,delta.example,epsilon.example";
        var hidden = Convert.ToBase64String(Encoding.UTF8.GetBytes(list).Select(b => (byte)(b ^ 0x21)).ToArray());

        var path = Path.Combine(_folder, "hostile.tgz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            void Add(string name, string content) => tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            });

            Add("package/package.json", $$"""{"name":{{Json("evil" + ShortAttack + "pkg")}},"version":{{Json("1.0.0" + ShortAttack)}}}""");
            Add("package/index.js", $"const banner = \"{literal}\";\nmodule.exports = () => Buffer.from(banner, 'base64').toString();\n");
            Add($"package/lib/list{Attack}.js", $"const L=\"{hidden}\";module.exports=()=>Buffer.from(L,'base64');\n");
        }

        return path;
    }

    /// <summary>A plain package to diff the hostile one against, so all of its findings are new.</summary>
    private string WritePlainPackage()
    {
        var directory = Path.Combine(_folder, "plain");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "package.json"), """{"name":"plain","version":"1.0.0"}""");
        File.WriteAllText(Path.Combine(directory, "index.js"), "module.exports = 1;\n");
        return directory;
    }

    /// <summary>The terminal view as one line: written to a file or pipe it wraps at 80 columns, anywhere in a long escape.</summary>
    private static string Unwrapped(string text) => Regex.Replace(text, "\n *", "");

    /// <summary>No raw attack character anywhere, and the attack shown escaped in <paramref name="text"/>.</summary>
    private static void AssertShownEscaped(string text, string what)
    {
        TerminalSafety.AssertNothingRaw(text, what);
        text = Unwrapped(text);
        foreach (var shown in new[] { "\\u{001B}[2J", "\\u{001B}]0;title\\u{0007}", "\\u{009B}31m", "\\u{202E}", "\\u{2066}", "\\r", "\\u{0008}", "\\u{007F}" })
        {
            Assert.Contains(shown, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scan_to_standard_output_shows_every_escape_and_emits_none()
    {
        var (code, output, error) = await CliHarness.RunWithOutputAsync("scan", WriteHostileTarball(), "--db", Database, "--fail-on", "never");

        Assert.True(code == ExitCodes.Clean, error);
        AssertShownEscaped(output, "scan output");
        Assert.Contains("telltale scan evil\\u{001B}[2J\\u{202E}pkg@1.0.0\\u{001B}[2J\\u{202E}", output, StringComparison.Ordinal);
        Assert.Contains("package/lib/list\\u{001B}[2J", Unwrapped(output), StringComparison.Ordinal);
        Assert.Contains("decoded Upload diagnostics to https://collect.evil.example/upload\\u{001B}[2J", Unwrapped(output), StringComparison.Ordinal);
        TerminalSafety.AssertNothingRaw(error, "scan messages");
    }

    [Fact]
    public async Task Scan_to_a_terminal_file_shows_every_escape_and_emits_none()
    {
        var report = Path.Combine(_folder, "report.txt");

        var (code, error) = await CliHarness.RunAsync("scan", WriteHostileTarball(), "--db", Database, "--fail-on", "never", "-o", report);

        Assert.True(code == ExitCodes.Clean, error);
        AssertShownEscaped(File.ReadAllText(report), "scan -o file");
    }

    [Fact]
    public async Task Diff_shows_every_escape_and_emits_none()
    {
        var (code, output, error) = await CliHarness.RunWithOutputAsync("diff", WritePlainPackage(), WriteHostileTarball(), "--db", Database, "--fail-on", "never", "-q");

        Assert.True(code == ExitCodes.Clean, error);
        AssertShownEscaped(output, "diff output");
        Assert.Contains("new Hidden list of domains", output, StringComparison.Ordinal);
        Assert.Contains("package/lib/list\\u{001B}[2J", Unwrapped(output), StringComparison.Ordinal);
        TerminalSafety.AssertNothingRaw(error, "diff messages");
    }

    [Fact]
    public async Task Report_list_and_show_from_the_store_show_every_escape_and_emit_none()
    {
        var package = WriteHostileTarball();
        await CliHarness.RunAsync("scan", package, "--db", Database, "-q", "-f", "json", "-o", Path.Combine(_folder, "r.json"));
        var prefix = Telltale.Artifacts.ArtifactHasher.HashFile(package)[..12];

        var (showCode, shown, showError) = await CliHarness.RunWithOutputAsync("report", "show", prefix, "--db", Database);
        var (listCode, listed, listError) = await CliHarness.RunWithOutputAsync("report", "list", "--db", Database);

        Assert.True(showCode == ExitCodes.Clean, showError);
        AssertShownEscaped(shown, "report show");
        TerminalSafety.AssertNothingRaw(showError, "report show messages");
        Assert.Contains("stored scan of evil\\u{001B}[2J", showError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Clean, listCode);
        TerminalSafety.AssertNothingRaw(listed + listError, "report list");
        Assert.Contains("evil\\u{001B}[2J", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_lines_show_a_hostile_target_name_escaped()
    {
        var missing = Path.Combine(_folder, $"missing{Attack}.tgz");

        var (code, error) = await CliHarness.RunAsync("scan", missing, "--db", Database);

        Assert.Equal(ExitCodes.UsageOrInput, code);
        TerminalSafety.AssertNothingRaw(error, "error line");
        Assert.Single(error.TrimEnd('\n').Split('\n'));

        // The resolver already writes controls as \xNN; what it passes through is escaped here.
        Assert.Contains("missing\\x1b[2J", error, StringComparison.Ordinal);
        Assert.Contains("\\u{202E}\\u{2066}", error, StringComparison.Ordinal);
    }
}
