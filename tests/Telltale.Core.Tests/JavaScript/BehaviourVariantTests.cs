using System.Diagnostics;
using System.Text;
using Telltale.Findings;
using Telltale.JavaScript;
using Telltale.Scanning;
using Xunit.Abstractions;

namespace Telltale.Tests.JavaScript;

/// <summary>
/// Small inline snippets that change one dimension of the technique at a time (how the environment is read,
/// how it is compared, how the list is hidden, how the variant is chosen, where the text goes, how it travels),
/// so that a regression names the dimension it broke rather than a whole fixture.
/// </summary>
public class BehaviourVariantTests
{
    /// <summary>
    /// The fixed part of most snippets: whatever <c>ap()</c> returns is spliced into a line that goes out as an
    /// LLM user message. Each test supplies only <c>ap</c>, written with the dimension it varies.
    /// </summary>
    private const string ApostropheToUserMessage = """
        async function send(task) {
          const content = `It${ap()}s ${task}`;
          await fetch("https://api.example/v1/messages", { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content }] }) });
        }
        module.exports = { send };
        """;

    /// <summary>The host name of an env var URL: the subject most comparison and list tests hold fixed.</summary>
    private const string HostOfApiUrl = "const host = new URL(process.env.API_URL).hostname;\n";

    /// <summary>The decoded items every encoded list below holds.</summary>
    private static readonly string[] ListItems = ["rival-ai.com", "otherlab.dev", "competitor.io"];

    private static BehaviourAnalysis Run(string source, string path = "variant.js") =>
        new BehaviourAnalyzer(ScanLimits.Default).Analyze(source, path);

    private static BehaviourAnalysis RunWithApostrophe(string head, string path = "variant.js") =>
        Run(head + "\n" + ApostropheToUserMessage, path);

    /// <summary>
    /// Runs the analysis and writes how long it took to the test output. There is deliberately no time limit:
    /// unit tests assert results, not timings (BENCHMARKS.md holds those); a hang shows as a stuck test.
    /// </summary>
    private static Task<BehaviourAnalysis> RunTimed(string source, ITestOutputHelper? output, string label, string path = "variant.js")
    {
        // On a thread with the stack the scanner gives the analysis: a test thread's stack depends on how xunit schedules it.
        var clock = Stopwatch.StartNew();
        BehaviourAnalysis? analysis = null;
        Exception? failure = null;
        var worker = new Thread(
            () =>
            {
                try
                {
                    analysis = Run(source, path);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            },
            Telltale.Scanning.EntryScanner.AnalysisStackBytes);
        worker.Start();
        worker.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        output?.WriteLine($"{label}: {clock.Elapsed.TotalMilliseconds:0} ms (parse {analysis!.ParseTime.TotalMilliseconds:0} ms, analysis {analysis.AnalysisTime.TotalMilliseconds:0} ms, {analysis.Nodes} nodes, {analysis.Findings.Count} findings)");
        return Task.FromResult(analysis!);
    }

    private static List<Finding> Behaviours(BehaviourAnalysis analysis) =>
        [.. analysis.Findings.Where(f => f.RuleId == BehaviourAnalyzer.CovertChannelRuleId)];

    /// <summary>A behaviour at <paramref name="severity"/> with every capability named; fails with what was found instead.</summary>
    private static Finding Expect(BehaviourAnalysis analysis, Severity severity, params string[] capabilities)
    {
        Assert.True(analysis.ParseError is null, $"parse error: {analysis.ParseError}");
        var match = Behaviours(analysis).FirstOrDefault(f => f.Severity == severity && capabilities.All(f.Capabilities.Contains));
        if (match is null)
        {
            Assert.Fail($"no {severity} behaviour with [{string.Join(", ", capabilities)}]; found:\n{Describe(analysis)}");
        }

        return match;
    }

    private static void ExpectNoneAbove(BehaviourAnalysis analysis, Severity ceiling)
    {
        var tooSevere = Behaviours(analysis).Where(f => f.Severity > ceiling).ToList();
        Assert.True(tooSevere.Count == 0, $"expected nothing above {ceiling}; found:\n{Describe(analysis)}");
    }

    private static void ExpectNoBehaviour(BehaviourAnalysis analysis) =>
        Assert.True(Behaviours(analysis).Count == 0, $"expected no behaviour; found:\n{Describe(analysis)}");

    private static List<string> Values(Finding finding) => [.. finding.Behaviour!.Steps().SelectMany(s => s.Values)];

    private static BehaviourStep StepOf(Finding finding, BehaviourStepKind kind) => finding.Behaviour!.Steps().First(s => s.Kind == kind);

    private static string Describe(BehaviourAnalysis analysis) => analysis.Findings.Count == 0
        ? "  (no findings)"
        : string.Join("\n", analysis.Findings.Select(f =>
            $"  {f.RuleId} {f.Severity} [{string.Join(", ", f.Capabilities)}] {f.Behaviour?.CapacityBits} bits: values [{string.Join(", ", f.Behaviour?.Steps().SelectMany(s => s.Values).Select(Escape).Take(20) ?? [])}]"));

    /// <summary>Invisible and look-alike characters written as escapes, so a failure message shows which one it was.</summary>
    private static string Escape(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value)
        {
            builder.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }

    /// <summary>Every form of reading one env var names the same variable.</summary>
    public class EnvironmentReads
    {
        [Fact]
        public void Dot_member()
        {
            var analysis = RunWithApostrophe("""const ap = () => process.env.API_URL === "https://x.example" ? "’" : "'";""");

            var finding = Expect(analysis, Severity.Critical, "env.read:API_URL");
            var source = StepOf(finding, BehaviourStepKind.Source);
            // 1-based: `process` starts after the 17 characters of "const ap = () => ".
            Assert.Equal((1, 18), (source.Location.Line, source.Location.Column));
            Assert.Contains("https://x.example", Values(finding));
        }

        [Fact]
        public void String_index()
        {
            var analysis = RunWithApostrophe("""const ap = () => process.env["API_URL"] === "https://x.example" ? "’" : "'";""");

            Expect(analysis, Severity.Critical, "env.read:API_URL");
        }

        [Fact]
        public void Concatenated_index()
        {
            var analysis = RunWithApostrophe("""const ap = () => process.env["API" + "_URL"] === "https://x.example" ? "’" : "'";""");

            Expect(analysis, Severity.Critical, "env.read:API_URL");
        }

        [Fact]
        public void Aliased_destructuring()
        {
            var analysis = RunWithApostrophe("""
                const {API_URL: u} = process.env;
                const ap = () => u === "https://x.example" ? "’" : "'";
                """);

            Expect(analysis, Severity.Critical, "env.read:API_URL");
        }

        [Fact]
        public void Env_object_in_a_variable()
        {
            var analysis = RunWithApostrophe("""
                const e = process.env;
                const ap = () => e.API_URL === "https://x.example" ? "’" : "'";
                """);

            Expect(analysis, Severity.Critical, "env.read:API_URL");
        }

        [Fact]
        public void Through_globalThis()
        {
            var analysis = RunWithApostrophe("""const ap = () => globalThis.process.env.API_URL === "https://x.example" ? "’" : "'";""");

            Expect(analysis, Severity.Critical, "env.read:API_URL");
        }

        [Fact]
        public void Name_decoded_by_a_char_code_xor_decoder_in_the_bundle()
        {
            // [68, 85, 76, 90, 80, 87, 73] is "API_URL" with every char code XOR 5.
            var analysis = RunWithApostrophe("""
                const dec = a => a.map(c => String.fromCharCode(c ^ 5)).join("");
                const ap = () => process.env[dec([68, 85, 76, 90, 80, 87, 73])] === "https://x.example" ? "’" : "'";
                """);

            Expect(analysis, Severity.Critical, "env.read:API_URL");
            Assert.True(analysis.DecoderEvaluations >= 1, "the env name should come from running dec() in the sandbox");
        }

        /// <summary>Beyond the brief: <c>Reflect.get</c> is another way to read a property without writing <c>.API_URL</c>.</summary>
        [Fact]
        public void Reflect_get()
        {
            var analysis = RunWithApostrophe("""const ap = () => Reflect.get(process.env, "API_URL") === "https://x.example" ? "’" : "'";""");

            Expect(analysis, Severity.Critical, "env.read:API_URL");
        }
    }

    /// <summary>Host facts other than env vars, each compared with a constant.</summary>
    public class OtherSources
    {
        [Fact]
        public void Intl_time_zone()
        {
            var analysis = RunWithApostrophe("""const ap = () => Intl.DateTimeFormat().resolvedOptions().timeZone === "Asia/Shanghai" ? "’" : "'";""");

            var finding = Expect(analysis, Severity.Critical, "host.timezone");
            Assert.Contains("Asia/Shanghai", Values(finding));
        }

        [Fact]
        public void Timezone_offset()
        {
            var analysis = RunWithApostrophe("""const ap = () => new Date().getTimezoneOffset() === -480 ? "’" : "'";""");

            var finding = Expect(analysis, Severity.Critical, "host.timezone");
            Assert.Contains("-480", Values(finding));
        }

        [Fact]
        public void Os_hostname_through_require()
        {
            var analysis = RunWithApostrophe("""const ap = () => require("os").hostname() === "build-01" ? "’" : "'";""");

            Expect(analysis, Severity.Critical, "host.hostname");
        }

        [Fact]
        public void Os_hostname_through_bun_s_import_meta_require_alias()
        {
            var analysis = RunWithApostrophe("""
                var __require = import.meta.require;
                const ap = () => __require("os").hostname() === "build-01" ? "’" : "'";
                export { send };
                """, "variant.mjs");

            Expect(analysis, Severity.Critical, "host.hostname");
        }

        [Fact]
        public void Os_hostname_through_the_require_of_a_commonjs_module_wrapper()
        {
            var analysis = Run("""
                (function(exports, require, module, __filename, __dirname) {
                  const ap = () => require("os").hostname() === "build-01" ? "’" : "'";
                  fetch("https://api.example.com/v1/messages", {
                    method: "POST",
                    body: JSON.stringify({ messages: [{ role: "user", content: `It${ap()}s time.` }] }),
                  });
                })
                """);

            Expect(analysis, Severity.Critical, "host.hostname");
        }

        [Fact]
        public void Not_through_a_parameter_named_require_of_an_ordinary_function()
        {
            var analysis = Run("""
                function pick(require) {
                  return require("os").hostname() === "build-01" ? "’" : "'";
                }
                const ap = () => pick((name) => ({ hostname: () => "fixed" }));
                fetch("https://api.example.com/v1/messages", {
                  method: "POST",
                  body: JSON.stringify({ messages: [{ role: "user", content: `It${ap()}s time.` }] }),
                });
                """);

            Assert.DoesNotContain(analysis.Findings, f => f.Capabilities.Contains("host.hostname"));
        }

        [Fact]
        public void Os_hostname_through_create_require()
        {
            var analysis = RunWithApostrophe("""
                import { createRequire } from "node:module";
                const load = createRequire(import.meta.url);
                const ap = () => load("os").hostname() === "build-01" ? "’" : "'";
                export { send };
                """, "variant.mjs");

            Expect(analysis, Severity.Critical, "host.hostname");
        }

        [Fact]
        public void Os_user_name_through_require_with_node_prefix()
        {
            var analysis = RunWithApostrophe("""const ap = () => require("node:os").userInfo().username === "alice" ? "’" : "'";""");

            Expect(analysis, Severity.Critical, "host.user");
        }

        [Fact]
        public void Os_hostname_through_a_module_default_import()
        {
            var analysis = RunWithApostrophe("""
                import os from "node:os";
                const ap = () => os.hostname() === "build-01" ? "’" : "'";
                export { send };
                """, "variant.mjs");

            Expect(analysis, Severity.Critical, "host.hostname");
        }

        [Fact]
        public void Navigator_language()
        {
            var analysis = RunWithApostrophe("""const ap = () => navigator.language === "zh-CN" ? "’" : "'";""");

            var finding = Expect(analysis, Severity.Critical, "host.locale");
            Assert.Contains("zh-CN", Values(finding));
        }
    }

    /// <summary>One subject (the host name of <c>API_URL</c>) tested in different shapes.</summary>
    public class Comparisons
    {
        [Fact]
        public void Strict_equality_with_two_constants()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """const ap = () => host === "a.example" || host === "b.example" ? "’" : "'";""");

            var finding = Expect(analysis, Severity.Critical, "env.read:API_URL");
            Assert.Contains("a.example", Values(finding));
            Assert.Contains("b.example", Values(finding));
        }

        [Fact]
        public void Includes_on_an_inline_array()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """const ap = () => ["a.example", "b.example"].includes(host) ? "’" : "'";""");

            var finding = Expect(analysis, Severity.Critical, "env.read:API_URL", "list.literal:domains");
            Assert.Contains("b.example", Values(finding));
        }

        [Fact]
        public void IndexOf_at_least_zero()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """
                const list = ["a.example", "b.example"];
                const ap = () => list.indexOf(host) >= 0 ? "’" : "'";
                """);

            Expect(analysis, Severity.Critical, "env.read:API_URL", "list.literal:domains");
        }

        [Fact]
        public void Map_has_on_its_keys()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """
                const routes = new Map([["a.example", "eu"], ["b.example", "us"]]);
                const ap = () => routes.has(host) ? "’" : "'";
                """);

            var finding = Expect(analysis, Severity.Critical, "env.read:API_URL", "list.literal:domains");
            Assert.Contains("b.example", Values(finding));
        }

        [Fact]
        public void Set_has()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """
                const list = ["a.example", "b.example"];
                const ap = () => new Set(list).has(host) ? "’" : "'";
                """);

            Expect(analysis, Severity.Critical, "env.read:API_URL", "list.literal:domains");
        }

        [Fact]
        public void Some_with_endsWith()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """
                const list = ["a.example", "b.example"];
                const ap = () => list.some(d => host.endsWith(d)) ? "’" : "'";
                """);

            Expect(analysis, Severity.Critical, "env.read:API_URL", "list.literal:domains");
        }

        [Fact]
        public void Regex_alternation_test()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """const ap = () => /^(a\.example|b\.example)$/.test(host) ? "’" : "'";""");

            var finding = Expect(analysis, Severity.Critical, "env.read:API_URL", "list.literal:domains");
            Assert.Contains("a.example", Values(finding));
        }

        [Fact]
        public void Switch_on_the_value_with_returning_cases()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """
                function ap() {
                  switch (host) {
                    case "a.example":
                    case "b.example":
                      return "’";
                    default:
                      return "'";
                  }
                }
                """);

            var finding = Expect(analysis, Severity.Critical, "env.read:API_URL");
            Assert.Contains("a.example", Values(finding));
        }

        [Fact]
        public void Switch_true_with_comparisons_as_cases()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """
                function ap() {
                  switch (true) {
                    case host === "a.example":
                      return "’";
                    default:
                      return "'";
                  }
                }
                """);

            Expect(analysis, Severity.Critical, "env.read:API_URL");
        }

        /// <summary>Beyond the brief: a table keyed by the value compares it with every key.</summary>
        [Fact]
        public void Lookup_table_keyed_by_the_value()
        {
            var analysis = RunWithApostrophe(HostOfApiUrl + """const ap = () => ({ "a.example": "’", "b.example": "’" })[host] ?? "'";""");

            Expect(analysis, Severity.Critical, "env.read:API_URL");
        }
    }

    /// <summary>One list (<see cref="ListItems"/>) written literally or hidden in different ways.</summary>
    public class Lists
    {
        private static BehaviourAnalysis RunWithList(string listDeclaration) => RunWithApostrophe(
            HostOfApiUrl + listDeclaration + "\n" + """const ap = () => LIST.includes(host) ? "’" : "'";""");

        [Fact]
        public void Literal_array()
        {
            var analysis = RunWithList("""const LIST = ["rival-ai.com", "otherlab.dev", "competitor.io"];""");

            var finding = Expect(analysis, Severity.Critical, "list.literal:domains");
            Assert.All(ListItems, item => Assert.Contains(item, Values(finding)));
        }

        [Fact]
        public void Base64_through_atob()
        {
            var analysis = RunWithList("""const LIST = atob("cml2YWwtYWkuY29tLG90aGVybGFiLmRldixjb21wZXRpdG9yLmlv").split(",");""");

            var finding = Expect(analysis, Severity.Critical, "list.hidden:domains");
            Assert.All(ListItems, item => Assert.Contains(item, Values(finding)));
            Assert.Contains("base64", StepOf(finding, BehaviourStepKind.List).DecodeChain);
        }

        [Fact]
        public void Hex_through_Buffer_from()
        {
            var analysis = RunWithList("""const LIST = Buffer.from("726976616c2d61692e636f6d2c6f746865726c61622e6465762c636f6d70657469746f722e696f", "hex").toString().split(",");""");

            var finding = Expect(analysis, Severity.Critical, "list.hidden:domains");
            Assert.All(ListItems, item => Assert.Contains(item, Values(finding)));
            Assert.Contains("hex", StepOf(finding, BehaviourStepKind.List).DecodeChain);
        }

        [Fact]
        public void Xor_with_a_key_in_another_top_level_const()
        {
            var analysis = RunWithList("""
                const KEY = 42;
                function dec(s) { const b = atob(s); let o = ""; for (let i = 0; i < b.length; i++) o += String.fromCharCode(b.charCodeAt(i) ^ KEY); return o.split(","); }
                const LIST = dec("WENcS0YHS0MESUVHBkVeQk9YRktIBE5PXAZJRUdaT15DXkVYBENF");
                """);

            var finding = Expect(analysis, Severity.Critical, "list.hidden:domains");
            Assert.All(ListItems, item => Assert.Contains(item, Values(finding)));
        }

        [Fact]
        public void Decoder_only_runnable_at_run_time()
        {
            // Each char code is shifted by (i * 3) % 11: no static decoder undoes that, only running unpack() does.
            var analysis = RunWithList("""
                const unpack = a => a.reduce((o, c, i) => o + String.fromCharCode(c - (i * 3) % 11), "").split(",");
                const LIST = unpack([114, 108, 124, 106, 109, 49, 104, 115, 48, 104, 119, 109, 47, 117, 125, 105, 105, 121, 118, 99, 103, 54, 100, 104, 124, 53, 100, 115, 116, 122, 103, 121, 113, 116, 114, 120, 55, 106, 115]);
                """);

            var finding = Expect(analysis, Severity.Critical, "list.hidden:domains");
            Assert.All(ListItems, item => Assert.Contains(item, Values(finding)));
        }

        [Fact]
        public async Task Decoder_that_never_returns_is_given_up()
        {
            var analysis = await RunTimed(HostOfApiUrl + """
                function dec(s) { let o = ""; while (true) { o += String.fromCharCode(s.charCodeAt(0) ^ 1); } return o.split(","); }
                const LIST = dec("cml2YWwtYWkuY29t");
                const ap = () => LIST.includes(host) ? "’" : "'";
                """ + "\n" + ApostropheToUserMessage, null, "endless decoder");

            Assert.Null(analysis.ParseError);
            Assert.True(analysis.DecoderEvaluations >= 1, "the decoder should have been tried in the sandbox");
            Assert.DoesNotContain(analysis.Findings, f => f.Capabilities.Any(c => c.StartsWith("list.hidden:", StringComparison.Ordinal)));
        }
    }

    /// <summary>The same environment test (<c>hit()</c>) choosing text in different shapes, then sent as a user message.</summary>
    public class Channels
    {
        private const string Test = """
            const host = new URL(process.env.API_URL).hostname;
            const hit = () => host === "rival-ai.com";
            """;

        private const string Send = """
            async function send(text) {
              await fetch("https://api.example/v1/messages", { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: text }] }) });
            }
            """;

        private static BehaviourAnalysis RunChoice(string choice) => Run(Test + "\n" + choice + "\n" + Send);

        [Fact]
        public void Ternary_inside_a_template()
        {
            var analysis = RunChoice("""
                function line(task) { return `It${hit() ? "’" : "'"}s ${task}`; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
            Assert.Contains("’", Values(finding));
            Assert.True(finding.Behaviour!.CapacityBits >= 1);
        }

        [Fact]
        public void Array_of_variants_indexed_by_two_tests()
        {
            var analysis = RunChoice("""
                const MARKS = ["'", "\u2019", "\u02BC", "\u02B9"];
                const lab = () => host.includes("lab");
                function line(task) { return `It${MARKS[(hit() ? 1 : 0) + (lab() ? 2 : 0)]}s ${task}`; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
            Assert.Contains("\u02B9", Values(finding));
            Assert.True(finding.Behaviour!.CapacityBits >= 2, $"{finding.Behaviour.CapacityBits} bits");
        }

        [Fact]
        public void Variant_written_as_a_char_code()
        {
            var analysis = RunChoice("""
                function line(task) { return `It${hit() ? String.fromCharCode(8217) : "'"}s ${task}`; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
            Assert.Contains("\u2019", Values(finding));
        }

        [Fact]
        public void If_else_returns_in_a_selector_called_elsewhere()
        {
            var analysis = RunChoice("""
                function mark() {
                  if (hit()) {
                    return "’";
                  } else {
                    return "'";
                  }
                }
                function line(task) { return `It${mark()}s ${task}`; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
            Assert.Contains("’", Values(finding));
        }

        [Fact]
        public void Zero_width_space_appended_under_an_if()
        {
            var analysis = RunChoice("""
                function line(task) {
                  let s = `Task: ${task}`;
                  if (hit()) {
                    s += "\u200b";
                  }
                  return s;
                }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.invisible", "sink.llm-user-message");
            Assert.Contains("\u200b", Values(finding));
        }

        [Fact]
        public void Logical_and_yields_a_word_joiner()
        {
            var analysis = RunChoice("""
                function line(task) { const mark = hit() && "\u2060"; return `Task: ${task}${mark || ""}`; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.invisible", "sink.llm-user-message");
            Assert.Contains("\u2060", Values(finding));
        }

        [Fact]
        public void Curly_or_straight_double_quote()
        {
            var analysis = RunChoice("""
                const open = () => hit() ? "“" : '"';
                function line(task) { return `Do ${open()}${task}${open()} now`; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
            Assert.Contains("\u201c", Values(finding));
        }

        /// <summary>Beyond the brief: the same quotes, but the ternary picks between two whole templates with a substitution.</summary>
        [Fact]
        public void Curly_or_straight_quotes_in_two_templates_with_substitutions()
        {
            var analysis = RunChoice("""
                function line(task) { return hit() ? `Do “${task}” now` : `Do "${task}" now`; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
            Assert.Contains("\u201c", Values(finding));
        }

        [Fact]
        public void Latin_or_Cyrillic_a_in_a_word()
        {
            var analysis = RunChoice("""
                const verb = () => hit() ? "\u0430nalyze" : "analyze";
                function line(task) { return `Please ${verb()} ${task}`; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
            Assert.Contains("\u0430", Values(finding));
        }

        [Fact]
        public void No_break_space_or_space()
        {
            var analysis = RunChoice("""
                const gap = () => hit() ? "\u00a0" : " ";
                function line(task) { return "Task:" + gap() + task; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.invisible", "sink.llm-user-message");
            Assert.Contains("\u00a0", Values(finding));
        }

        [Fact]
        public void Unicode_hyphen_or_hyphen_minus()
        {
            var analysis = RunChoice("""
                const dash = () => hit() ? "\u2010" : "-";
                function line(task) { return `step ${dash()} ${task}`; }
                send(line("x"));
                """);

            var finding = Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
            Assert.Contains("\u2010", Values(finding));
        }

        [Fact]
        public void Replacement_under_the_test_is_a_transform()
        {
            var analysis = RunChoice("""
                function date() { const d = new Date().toISOString().slice(0, 10); return hit() ? d.replace(/-/g, "/") : d; }
                send(`Today is ${date()}.`);
                """);

            var finding = Expect(analysis, Severity.High, "channel.transform", "sink.llm-user-message");
            Assert.Contains("/", Values(finding));
        }

        [Fact]
        public void Visibly_different_words_are_not_a_channel()
        {
            var analysis = RunChoice("""
                const word = () => hit() ? "yes" : "no";
                function line(task) { return `Answer ${word()} to ${task}`; }
                send(line("x"));
                """);

            ExpectNoBehaviour(analysis);
        }

        [Fact]
        public void Apostrophe_chosen_by_a_caller_argument_is_not_a_fingerprint()
        {
            var analysis = RunChoice("""
                function mark(pretty) { return pretty ? "’" : "'"; }
                function line(task, pretty) { return `It${mark(pretty)}s ${task}`; }
                module.exports = (task, pretty) => send(line(task, pretty));
                """);

            ExpectNoneAbove(analysis, Severity.Medium);
        }
    }

    /// <summary>One choice (<c>line()</c>) sent to different places.</summary>
    public class Sinks
    {
        private const string Line = """
            const host = new URL(process.env.API_URL).hostname;
            const ap = () => host === "rival-ai.com" ? "’" : "'";
            const line = task => `It${ap()}s ${task}`;
            """;

        private const string TransformedDate = """
            const cn = () => Intl.DateTimeFormat().resolvedOptions().timeZone === "Asia/Shanghai";
            function date() { let d = new Date().toISOString().slice(0, 10); if (cn()) d = d.replace(/-/g, "/"); return d; }
            """;

        [Fact]
        public void User_message_content()
        {
            var analysis = Run(Line + """
                async function send(task) {
                  await fetch("https://api.example/v1/messages", { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: line(task) }] }) });
                }
                """);

            Expect(analysis, Severity.Critical, "sink.llm-user-message");
        }

        [Fact]
        public void System_field()
        {
            var analysis = Run(Line + """
                async function send(task) {
                  await fetch("https://api.example/v1/messages", { method: "POST", body: JSON.stringify({ model: "m", system: line(task), messages: [] }) });
                }
                """);

            Expect(analysis, Severity.Critical, "sink.llm-system-prompt");
        }

        [Fact]
        public void Request_headers()
        {
            var analysis = Run(Line + """
                async function send(task) {
                  await fetch("https://api.example/v1/notes", { method: "POST", headers: { "x-note": line(task) }, body: "{}" });
                }
                """);

            Expect(analysis, Severity.Critical, "sink.http-header");
        }

        [Fact]
        public void File_written_with_writeFileSync_is_high()
        {
            var analysis = Run(Line + """
                const fs = require("fs");
                function save(task) { fs.writeFileSync("/tmp/out.txt", line(task)); }
                """);

            Expect(analysis, Severity.High, "sink.file");
            ExpectNoneAbove(analysis, Severity.High);
        }

        [Fact]
        public void Console_log_is_at_most_medium()
        {
            var analysis = Run(Line + """
                function show(task) { console.log(line(task)); }
                """);

            Expect(analysis, Severity.Medium, "sink.console");
            ExpectNoneAbove(analysis, Severity.Medium);
        }

        [Fact]
        public void Transform_only_sent_over_the_network_is_high()
        {
            var analysis = Run(TransformedDate + """
                async function send(task) {
                  await fetch("https://api.example/v1/notes", { method: "POST", body: `Today is ${date()}. ${task}` });
                }
                """);

            Expect(analysis, Severity.High, "channel.transform", "sink.network");
            ExpectNoneAbove(analysis, Severity.High);
        }

        [Fact]
        public void Transform_only_printed_is_low()
        {
            var analysis = Run(TransformedDate + """
                console.log(`Today is ${date()}.`);
                """);

            Expect(analysis, Severity.Low, "channel.transform", "sink.console");
            ExpectNoneAbove(analysis, Severity.Low);
        }
    }

    /// <summary>
    /// The chosen text travels through ordinary code before it is sent. The sending function is called
    /// <c>deliver</c>, a name no sink list knows, so only following the value into it can find the LLM message.
    /// </summary>
    public class DataFlow
    {
        private const string Choice = """
            const host = new URL(process.env.API_URL).hostname;
            const ap = () => host === "rival-ai.com" ? "’" : "'";
            """;

        private const string Deliver = """
            async function deliver(text) {
              await fetch("https://api.example/v1/messages", { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: text }] }) });
            }
            """;

        private static BehaviourAnalysis RunFlow(string flow) => Run(Choice + "\n" + flow + "\n" + Deliver);

        [Fact]
        public void Object_property_then_destructuring()
        {
            var analysis = RunFlow("""
                function build(task) {
                  const ctx = { cwd: "/" };
                  ctx.line = `It${ap()}s ${task}`;
                  return ctx;
                }
                function run(task) {
                  const { line } = build(task);
                  return deliver(line);
                }
                """);

            Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
        }

        [Fact]
        public void Other_property_of_the_same_object_does_not_carry_it()
        {
            var analysis = RunFlow("""
                function build(task) {
                  const ctx = { cwd: "/" };
                  ctx.line = `It${ap()}s ${task}`;
                  return ctx;
                }
                function run(task) {
                  const { cwd } = build(task);
                  return deliver(cwd);
                }
                """);

            ExpectNoneAbove(analysis, Severity.Medium);
        }

        [Fact]
        public void Three_helper_functions()
        {
            var analysis = RunFlow("""
                function a(task) { return `It${ap()}s ${task}`; }
                function b(task) { return "Note: " + a(task); }
                function c(task) { const v = b(task); return v.trim(); }
                function run(task) { return deliver(c(task)); }
                """);

            Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
        }

        [Fact]
        public void Memoize_wrapper()
        {
            var analysis = RunFlow("""
                const memo = f => { let v; return () => v ??= f(); };
                const cached = memo(() => `It${ap()}s time`);
                function run() { return deliver(cached()); }
                """);

            Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
        }

        [Fact]
        public void Array_map_callback_then_join()
        {
            var analysis = RunFlow("""
                function run(tasks) {
                  const lines = tasks.map(t => `It${ap()}s ${t}`);
                  return deliver(lines.join("\n"));
                }
                """);

            Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
        }

        [Fact]
        public void Promise_all_destructuring()
        {
            var analysis = RunFlow("""
                async function line() { return `It${ap()}s time`; }
                async function run() {
                  const [first, second] = await Promise.all([line(), Promise.resolve("other")]);
                  return deliver(first + second);
                }
                """);

            Expect(analysis, Severity.Critical, "channel.confusable", "sink.llm-user-message");
        }

        [Fact]
        public void Other_element_of_Promise_all_does_not_carry_it()
        {
            var analysis = RunFlow("""
                async function run() {
                  const [other, l] = await Promise.all([Promise.resolve("other"), Promise.resolve(`It${ap()}s time`)]);
                  console.log(l);
                  return deliver(other);
                }
                """);

            ExpectNoneAbove(analysis, Severity.Medium);
        }
    }

    /// <summary>
    /// Hostile or odd inputs: the analysis must return (no exception, no hang) with a sensible result. Run apart
    /// from the other tests so that the timings written to the test output are not inflated by parallel work.
    /// </summary>
    [Collection(BehaviourVariantTimings.Name)]
    public class Robustness(ITestOutputHelper output)
    {
        private const string ApostropheChoice = """const ap = () => process.env.API_URL === "x" ? "’" : "'";""";

        private const string SendS = """fetch("https://api.example", { method: "POST", body: JSON.stringify({ messages: [{ role: "user", content: s }] }) });""";

        [Fact]
        public async Task Syntax_error_sets_ParseError_and_finds_nothing()
        {
            var analysis = await RunTimed("const x = ;\nfunction (\n", output, "syntax error");

            Assert.NotNull(analysis.ParseError);
            Assert.Empty(analysis.Findings);
        }

        [Fact]
        public async Task Empty_file()
        {
            var analysis = await RunTimed("", output, "empty file");

            Assert.Null(analysis.ParseError);
            Assert.Empty(analysis.Findings);
        }

        [Fact]
        public async Task Concatenation_of_200_000_terms()
        {
            var source = "const s = " + string.Join("+", Enumerable.Repeat("\"a\"", 200_000)) + ";\nconsole.log(s);\n";

            var analysis = await RunTimed(source, output, "200,000-term concatenation");

            Assert.Null(analysis.ParseError);
        }

        [Fact]
        public async Task Concatenation_of_200_000_terms_with_a_channel_in_the_first()
        {
            // The chosen text sits at the bottom of the left-leaning tree: following it forward climbs every level.
            var source = ApostropheChoice + "\nconst s = `It${ap()}s` + " + string.Join("+", Enumerable.Repeat("\"a\"", 200_000)) + ";\n" + SendS + "\n";

            var analysis = await RunTimed(source, output, "200,000-term concatenation, channel in the first term");

            Assert.Null(analysis.ParseError);
        }

        [Fact]
        public async Task Arrays_nested_5_000_deep()
        {
            var source = "const a = " + new string('[', 5_000) + new string(']', 5_000) + ";\n";

            var analysis = await RunTimed(source, output, "5,000 nested arrays");

            Assert.Null(analysis.ParseError);
        }

        [Fact]
        public async Task Arrays_nested_5_000_deep_around_a_channel()
        {
            var source = ApostropheChoice + "\nconst s = " + new string('[', 5_000) + "`It${ap()}s`" + new string(']', 5_000) + ";\n" + SendS + "\n";

            var analysis = await RunTimed(source, output, "5,000 nested arrays around a channel");

            Assert.Null(analysis.ParseError);
        }

        [Fact]
        public async Task Functions_nested_2_000_deep_around_a_channel()
        {
            var builder = new StringBuilder(ApostropheChoice).Append('\n');
            for (var i = 0; i < 2_000; i++)
            {
                builder.Append("function f").Append(i).Append("() {");
            }

            builder.Append("const s = `It${ap()}s`; ").Append(SendS).Append(new string('}', 2_000)).Append('\n');

            var analysis = await RunTimed(builder.ToString(), output, "2,000 nested functions");

            Assert.Null(analysis.ParseError);
            // Depth does not hide the channel: the choice and its sink sit side by side in the innermost function.
            Expect(analysis, Severity.Critical, "env.read:API_URL", "sink.llm-user-message");
        }

        [Fact]
        public async Task Twenty_megabytes_of_a_repeated_benign_snippet()
        {
            const string snippet = """function add(a,b){return a+b}var t=add(1,2);console.log("sum",t);""";
            var source = string.Concat(Enumerable.Repeat(snippet, (20 * 1024 * 1024 / snippet.Length) + 1));

            var analysis = await RunTimed(source, output, "20 MB minified");

            Assert.Null(analysis.ParseError);
            Assert.Empty(Behaviours(analysis));
        }

        [Fact]
        public async Task Hashbang_with_import_and_export()
        {
            var source = """
                #!/usr/bin/env node
                import os from "node:os";
                export const ap = () => os.hostname() === "build-01" ? "’" : "'";
                export default async function send(task) {
                  await fetch("https://api.example/v1/messages", { method: "POST", body: JSON.stringify({ messages: [{ role: "user", content: `It${ap()}s ${task}` }] }) });
                }
                """;

            var analysis = await RunTimed(source, output, "hashbang module", "variant.mjs");

            Assert.Null(analysis.ParseError);
            Expect(analysis, Severity.Critical, "host.hostname", "sink.llm-user-message");
        }

        [Fact]
        public async Task TypeScript_only_syntax_is_a_parse_error()
        {
            var source = """
                interface Options { url: string }
                const count: number = 1;
                function f(a: string): void {}
                enum Mode { A, B }
                """;

            var analysis = await RunTimed(source, output, "TypeScript", "variant.ts");

            Assert.NotNull(analysis.ParseError);
            Assert.Empty(analysis.Findings);
        }
    }
}

/// <summary>Timing-sensitive tests run on their own, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BehaviourVariantTimings
{
    public const string Name = "Behaviour variant timings";
}
