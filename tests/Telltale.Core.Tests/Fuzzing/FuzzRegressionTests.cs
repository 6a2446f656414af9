using System.Text;
using Telltale.Artifacts;
using Telltale.Inventory.Lockfiles;
using Telltale.JavaScript;
using Telltale.Policy;
using Telltale.Reports;
using Telltale.Scanning;
using ZstdSharp;

namespace Telltale.Tests.Fuzzing;

/// <summary>Inputs the fuzzer found, rebuilt here from their description so each stays fixed.</summary>
public sealed class FuzzRegressionTests
{
    private static ArtifactEntry Container(string name, byte[] content) =>
        new() { Path = name, Name = name, Content = content, Kind = EntryKind.Archive };

    private static byte[] Compressed(int length)
    {
        var random = new Random(11);
        var text = new byte[length];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (byte)('a' + random.Next(26));
        }

        using var compressor = new Compressor(3);
        return compressor.Wrap(text).ToArray();
    }

    [Fact]
    public void Zstd_frame_cut_short_is_refused_by_the_unpacker_itself()
    {
        // Found by the zstd target: ZstdSharp throws EndOfStreamException ("Premature end of stream") for a cut frame.
        var frame = Compressed(20_000);
        using var context = new UnpackContext(ScanLimits.Default);

        var entries = new ZstdUnpacker().Unpack(Container("x.txt.zst", frame[..(frame.Length / 2)]), context).ToList();

        Assert.Empty(entries);
        var refusal = Assert.Single(context.Refusals);
        Assert.Equal(RefusalKind.Corrupt, refusal.Kind);
        Assert.Equal("x.txt.zst", refusal.Path);
    }

    [Fact]
    public void Zstd_frame_with_a_damaged_descriptor_is_refused_by_the_unpacker_itself()
    {
        // Found by the zstd target: ZstdSharp throws ZstdException ("Unknown frame descriptor") after the magic.
        var frame = Compressed(1_000);
        frame[4] = 0xFF;
        using var context = new UnpackContext(ScanLimits.Default);

        var entries = new ZstdUnpacker().Unpack(Container("x.zst", frame), context).ToList();

        Assert.Empty(entries);
        Assert.Equal(RefusalKind.Corrupt, Assert.Single(context.Refusals).Kind);
    }

    // The smallest report the reader accepts; the tests below damage one string in it.
    private const string MinimalReport = """
        {"schemaVersion":"1.3","tool":{"name":"telltale","version":"1.0.0"},
         "target":{"name":"NAME","version":null,"sha256":"00","source":"./x"},
         "scannedAt":"2025-03-01T14:00:00Z","findings":[],"statistics":{"entries":1,"bytes":1,"literals":0,"decodedLiterals":0,"elapsedMs":1}}
        """;

    [Fact]
    public void Report_reader_accepts_the_minimal_report_the_damaged_ones_start_from() =>
        Assert.Equal("NAME", JsonReportReader.Read(MinimalReport).Target.Name);

    [Fact]
    public void Report_with_a_lone_surrogate_escape_in_a_value_is_invalid_data()
    {
        // Found by the json-report target: JsonElement.GetString throws InvalidOperationException for "\ud800".
        var json = MinimalReport.Replace("\"NAME\"", "\"\\ud800\"", StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => JsonReportReader.Read(json));
    }

    [Fact]
    public void Report_with_a_lone_surrogate_escape_in_a_property_name_is_invalid_data()
    {
        // Found by the json-report target: comparing property names unescapes them and throws the same way.
        var json = MinimalReport.Replace("\"tool\"", "\"\\ud800\"", StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => JsonReportReader.Read(json));
    }

    [Fact]
    public void Report_stream_with_invalid_utf8_in_a_string_is_invalid_data()
    {
        // Found by the json-report target: the parser leaves string contents unchecked until they are read.
        var bytes = Encoding.UTF8.GetBytes(MinimalReport);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("NAME", StringComparison.Ordinal);
        bytes[at + 1] = 0xA7;

        Assert.Throws<InvalidDataException>(() => JsonReportReader.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void Behaviour_analysis_of_a_deeply_nested_call_chain_finishes_and_still_finds_the_channel()
    {
        // Found while sizing the behaviour target: every identifier's scope lookup walked all its ancestors, so a
        // channel passed through f(f(f(…))) 40,000 deep took 21 s to trace and 120,000 deep minutes (quadratic).
        // Now about a second; the 120 s backstop is the one timing this suite allows and is far from either.
        const int depth = 120_000;
        var script = new StringBuilder("const ap = () => process.env.API_URL === \"https://x.example\" ? \"\u2019\" : \"'\";\nfunction f(v) { return v; }\nconst x = ");
        script.Insert(script.Length, "f(", depth).Append("ap()").Append(')', depth).Append(";\nfetch(\"https://api.example\", { body: x });\n");
        BehaviourAnalysis? analysis = null;
        Exception? failure = null;
        var worker = new Thread(
            () =>
            {
                try
                {
                    analysis = new BehaviourAnalyzer(ScanLimits.Default).Analyze(script.ToString(), "nested.js");
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            },
            256 * 1024 * 1024) { IsBackground = true };

        worker.Start();

        Assert.True(worker.Join(TimeSpan.FromSeconds(120)), "the analysis of the nested call chain did not finish in 120 s");
        Assert.Null(failure);
        Assert.Null(analysis!.ParseError);
        Assert.Equal(BehaviourAnalyzer.CovertChannelRuleId, Assert.Single(analysis.Findings).RuleId);
    }

    [Fact]
    public void Report_with_a_number_too_large_for_a_double_is_invalid_data()
    {
        // Found by the json-report target: 1e400 read as infinity, and writing the report back then threw.
        var json = MinimalReport.Replace("\"elapsedMs\":1", "\"elapsedMs\":-1e400", StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => JsonReportReader.Read(json));
    }

    // Parse never reads the file; includes would resolve next to it, and there are none in these policies.
    private static string PolicyPath => Path.Combine(Path.GetTempPath(), "telltale-fuzz-regression", "policy.yaml");

    [Theory]
    [InlineData("entries: [\nentries: [\nentries: [\n")]
    [InlineData("  - id: A\n    :\n  - id: B\n")]
    public void Policy_yaml_that_breaks_the_yaml_loader_is_a_policy_exception(string yaml)
    {
        // Found by the policy target: YamlDotNet throws InvalidOperationException (an unclosed flow sequence followed
        // by a key) or ArgumentException ("the current event is of an unsupported type": an empty key under a sequence
        // item) rather than YamlException; the loader let both out.
        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Parse(yaml, PolicyPath));

        Assert.StartsWith("policy.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("include:\n - \"a\\0b\"\n", "policy.yaml:2: 'a\\u{0000}b' is not a path")]
    [InlineData("osv:\n  - path: \"\\x85\\0\"\n", "policy.yaml:2: '\\u{0085}\\u{0000}' is not a path")]
    public void Policy_include_or_osv_path_with_a_nul_is_a_policy_exception(string yaml, string expected)
    {
        // Found by the policy target: Path.GetFullPath throws ArgumentException ("Null character in path") for an
        // include or an OSV feed whose path holds "\0".
        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Parse(yaml, PolicyPath));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_nested_100000_deep_is_refused_without_overflowing_the_stack()
    {
        // Found while sizing the policy target: YamlDotNet builds its node tree recursively, and 100,000 nested
        // brackets (200 KB) overflowed a thread's default stack, which ends the process. A 1 MB stack (less than
        // any platform's default) makes the test independent of where it runs.
        var yaml = "name: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        Exception? failure = null;
        var worker = new Thread(
            () =>
            {
                try
                {
                    PolicyLoader.Parse(yaml, PolicyPath);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            },
            1024 * 1024) { IsBackground = true };

        worker.Start();

        Assert.True(worker.Join(TimeSpan.FromSeconds(120)), "parsing the nested policy did not finish in 120 s");
        var error = Assert.IsType<PolicyException>(failure);
        Assert.Equal($"policy.yaml:1: nested more than {PolicyLoader.MaxNestingDepth} levels deep", error.Message);
    }

    [Theory]
    [InlineData("yarn.lock", "# yarn lockfile v1\n\nbroken@^1\t.0.0:\n  resolved \"x\"\n")]
    [InlineData("yarn.lock", "# yarn lockfile v1\n\n\"a\u001b[2J\u0085b\":\n  version \"1.0.0\"\n")]
    [InlineData("package-lock.json", "{\"packages\":{\"node_modules/a\\u001b[2J\\r\\n\":42}}")]
    [InlineData("package-lock.json", "{\"dependencies\":{\"a\":{\"version\":\"npm:\\u0000\"}}}")]
    [InlineData("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  \"\\e[2J\\x85\": {}\n")]
    [InlineData("yarn.lock", "__metadata:\n  version: 8\n\"a\\tb\\0\":\n  version: 1.0.0\n")]
    public void Lockfile_problem_lines_show_keys_without_control_characters(string fileName, string content)
    {
        // Found by the lockfile target: the readers put a skipped record's key (a yarn spec with a tab, NUL or NEL
        // in it, or any escaped key) into the problem line as it was; only the sink's own two problems cleaned it.
        var inventory = LockfileReader.Parse(fileName, content);

        var problem = Assert.Single(inventory.Problems);
        Assert.StartsWith(fileName, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(problem, char.IsControl);
    }

    [Theory]
    [InlineData("{\"packages\":{\"node_modules/\\ud800\":{\"version\":\"1.0.0\"}}}")]
    [InlineData("{\"packages\":{\"node_modules/a\":{\"version\":\"\\udc00\"}}}")]
    [InlineData("{\"dependencies\":{\"a\":{\"version\":\"npm:\\ud800@1\"}}}")]
    public void Package_lock_with_a_lone_surrogate_escape_is_invalid_data(string json)
    {
        // Found by the lockfile target: System.Text.Json parses "\ud800" and throws InvalidOperationException only
        // when the key or string is read, which the reader did after parsing.
        var error = Assert.Throws<InvalidDataException>(() => LockfileReader.Parse("package-lock.json", json));

        Assert.StartsWith("package-lock.json: holds text that is not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Package_lock_with_a_cr_in_a_broken_literal_fails_on_one_line()
    {
        // Found by the lockfile target: System.Text.Json quotes a broken literal's bytes in its message ("'t\r…' is an
        // invalid JSON literal"), and the reader cut the message at LF only.
        var error = Assert.Throws<InvalidDataException>(() => LockfileReader.Parse("package-lock.json", "{\"a\": t\rrue}"));

        Assert.StartsWith("package-lock.json:1: not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
