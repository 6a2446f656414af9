using Telltale.Cli;
using Telltale.Cli.Commands;
using Telltale.Tests.Safety;

namespace Telltale.Tests.Commands;

/// <summary><c>telltale deobfuscate FILE</c>: the normalised script on standard output or in a file, a summary on standard error.</summary>
[Collection("Console")]
public sealed class DeobfuscateCommandTests : IDisposable
{
    // String-array obfuscation in small: every string moved into one table, the table rotated at start-up until it
    // starts with a known entry, and each use replaced by a call of a decoder that subtracts an offset from its index.
    private const string StringTableProgram = """
        function _0x4e21() {
          var strings = ['hostname', 'log', 'Hello, ', 'HOST_URL', 'env', 'toUpperCase', 'example.test'];
          _0x4e21 = function () { return strings; };
          return _0x4e21();
        }
        (function (table, first) {
          var strings = table();
          while (strings[0] !== first) strings.push(strings.shift());
        })(_0x4e21, 'env');
        function _0x9a0c(index) {
          index = index - 0x1f4;
          return _0x4e21()[index];
        }
        var url = process[_0x9a0c(0x1f4)][_0x9a0c(0x1fa)] || _0x9a0c(0x1f6);
        console[_0x9a0c(0x1f8)](_0x9a0c(0x1f9) + new URL("https://" + url)[_0x9a0c(0x1f7)][_0x9a0c(0x1f5)]());

        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("telltale-cli-deobfuscate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Prints_the_strings_a_rotated_table_hands_out_in_place_of_its_calls()
    {
        var script = Write("table.js", StringTableProgram);

        var (code, output, error) = await CliHarness.RunWithOutputAsync("deobfuscate", script);

        Assert.True(code == ExitCodes.Clean, error);
        Assert.Contains("var url = process.env.HOST_URL || \"example.test\";", output, StringComparison.Ordinal);
        Assert.Contains("console.log(\"Hello, \" + new URL(\"https://\" + url).hostname.toUpperCase());", output, StringComparison.Ordinal);
        Assert.DoesNotContain("_0x9a0c(0x", output, StringComparison.Ordinal);
        Assert.Matches(@"^telltale: deobfuscated .*table\.js: \d+ rounds?, \d+ rewrites?, [1-9]\d* sandbox runs?\n$", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Writes_the_script_to_the_output_file_and_nothing_to_standard_output()
    {
        var script = Write("table.js", StringTableProgram);
        var output = Path.Combine(_folder, "readable.js");
        File.WriteAllText(output, "an earlier script");

        var (code, printed, error) = await CliHarness.RunWithOutputAsync("deobfuscate", script, "-o", output);

        Assert.True(code == ExitCodes.Clean, error);
        Assert.Empty(printed);
        var written = File.ReadAllText(output);
        Assert.Contains("var url = process.env.HOST_URL || \"example.test\";", written, StringComparison.Ordinal);
        var (_, toStandardOutput, _) = await CliHarness.RunWithOutputAsync("deobfuscate", script);
        Assert.Equal(toStandardOutput, written);
        Assert.Equal(["readable.js", "table.js"], Directory.EnumerateFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Single(error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_file_that_is_not_javascript_is_refused_in_one_line_with_exit_2()
    {
        var file = Path.Combine(_folder, "image.png");
        File.WriteAllBytes(file, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x1B, 0x5B, 0x32, 0x4A]);

        var (code, output, error) = await CliHarness.RunWithOutputAsync("deobfuscate", file);

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Empty(output);
        var line = Assert.Single(error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"telltale: {file} does not parse as JavaScript: ", line, StringComparison.Ordinal);
        TerminalSafety.AssertNothingRaw(error, "the parse error");
    }

    [Fact]
    public async Task A_missing_file_or_a_directory_is_refused_with_exit_2()
    {
        var missing = Path.Combine(_folder, "missing.js");

        var (missingCode, missingError) = await CliHarness.RunAsync("deobfuscate", missing);
        var (folderCode, folderError) = await CliHarness.RunAsync("deobfuscate", _folder);

        Assert.Equal(ExitCodes.UsageOrInput, missingCode);
        Assert.Equal($"telltale: cannot read {missing}: no such file\n", missingError.ReplaceLineEndings("\n"));
        Assert.Equal(ExitCodes.UsageOrInput, folderCode);
        Assert.Equal($"telltale: cannot read {_folder}: it is a directory\n", folderError.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_deeply_nested_script_is_read_and_one_nested_past_any_stack_is_refused_in_one_line()
    {
        var deep = Write("deep.js", $"var a = {new string('[', 100_000)}{new string(']', 100_000)};\n");
        var deeper = Write("deeper.js", $"var a = {new string('[', 2_000_000)}{new string(']', 2_000_000)};\n");

        var (deepCode, deepOutput, deepError) = await CliHarness.RunWithOutputAsync("deobfuscate", deep);
        var (deeperCode, deeperOutput, deeperError) = await CliHarness.RunWithOutputAsync("deobfuscate", deeper);

        Assert.True(deepCode == ExitCodes.Clean, deepError);
        Assert.Equal(File.ReadAllText(deep), deepOutput);
        Assert.Equal(ExitCodes.UsageOrInput, deeperCode);
        Assert.Empty(deeperOutput);
        Assert.Equal($"telltale: {deeper} does not parse as JavaScript: it nests too deeply to parse\n", deeperError.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_rotation_that_never_ends_leaves_the_table_and_says_the_run_is_incomplete()
    {
        var script = Write("endless.js", StringTableProgram.Replace("while (strings[0] !== first)", "while (true)", StringComparison.Ordinal));

        var (code, output, error) = await CliHarness.RunWithOutputAsync("deobfuscate", script);

        Assert.True(code == ExitCodes.Clean, error);
        Assert.Contains("_0x9a0c(0x1f4)", output, StringComparison.Ordinal);
        Assert.EndsWith($"; {DeobfuscateCommand.IncompleteNote}\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_is_written_as_it_is_to_a_file_or_pipe_and_escaped_for_a_terminal()
    {
        const string script = "var clear = \"\u001b[2J\";\r\nvar turn = \"a\u202Eb\";\tdone();";
        using var raw = new StringWriter();
        using var terminal = new StringWriter();

        await DeobfuscateCommand.WriteScriptAsync(raw, script, toTerminal: false);
        await DeobfuscateCommand.WriteScriptAsync(terminal, script, toTerminal: true);

        Assert.Equal(script, raw.ToString());
        Assert.Equal("var clear = \"\\u{001B}[2J\";\nvar turn = \"a\\u{202E}b\";\\u{0009}done();\n", terminal.ToString());
        TerminalSafety.AssertNothingRaw(terminal.ToString(), "a script shown on a terminal");
    }
}
