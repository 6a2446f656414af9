using System.Text;
using Telltale.JavaScript.Sandbox;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.JavaScript.Sandbox;

public sealed class JavaScriptSandboxTests
{
    // Functional tests get a wide time budget so that a cold, busy test host paying JIT on its first calls cannot
    // turn a correct decode into a timeout; the limit tests below set the budget they are about.
    private static readonly JavaScriptSandbox Sandbox = new(JavaScriptSandboxOptions.Default);

    private const string Dm4 = """var Mi_=91; function DM4(q){let K=Buffer.from(q,"base64"),_="";for(let z of K)_+=String.fromCharCode(z^Mi_);return _.split(",")}""";

    private const string RepeatingKeyDecoder = """
        const _$d=(s,k="OtD6Yb876vjw")=>{const b=atob(s);let o="";for(let i=0;i<b.length;i++)o+=String.fromCharCode(b.charCodeAt(i)^k.charCodeAt(i%k.length));return o};
        """;

    private static object? Succeeds(SandboxResult result)
    {
        Assert.True(result.Succeeded, result.Error);
        Assert.Null(result.Error);
        return result.Value;
    }

    private static string Fails(SandboxResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        Assert.NotNull(result.Error);
        Assert.DoesNotContain('\n', result.Error);
        return result.Error;
    }

    public sealed class TheConstructor
    {
        [Fact]
        public void Rejects_limits_that_cannot_bound_anything()
        {
            var defaults = JavaScriptSandboxOptions.Default;

            Assert.Throws<ArgumentOutOfRangeException>(() => new JavaScriptSandbox(defaults with { WallClockBackstop = TimeSpan.Zero }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new JavaScriptSandbox(defaults with { MaxStringChars = 0 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new JavaScriptSandbox(defaults with { MaxAllocatedChars = 0 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new JavaScriptSandbox(defaults with { MaxArrayLength = 0 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new JavaScriptSandbox(defaults with { MemoryLimitBytes = 0 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new JavaScriptSandbox(defaults with { MaxRecursionDepth = 0 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new JavaScriptSandbox(defaults with { MaxStatements = 0 }));
        }

        [Fact]
        public void Defaults_to_the_documented_budgets()
        {
            var options = new JavaScriptSandbox().Options;

            Assert.Equal(TimeSpan.FromSeconds(20), options.WallClockBackstop);
            Assert.Equal(8 * 1024 * 1024, options.MaxStringChars);
            Assert.Equal(4u * 1024 * 1024, options.MaxArrayLength);
            Assert.Equal(256L * 1024 * 1024, options.MemoryLimitBytes);
            Assert.Equal(64, options.MaxRecursionDepth);
            Assert.Equal(2_000_000, options.MaxStatements);
            Assert.Equal(1_000_000, options.MaxResultLength);
        }
    }

    public sealed class TheEvaluateMethod
    {
        [Fact]
        public void Recovers_the_array_a_base64_single_byte_xor_decoder_returns()
        {
            var encoded = Base64(Xor(Utf8("openai.com,anthropic.com"), 91));

            var value = Succeeds(Sandbox.Evaluate(Dm4, $"DM4(\"{encoded}\")"));

            var list = Assert.IsAssignableFrom<IReadOnlyList<object?>>(value);
            Assert.Equal(["openai.com", "anthropic.com"], list);
        }

        [Fact]
        public void Runs_a_repeating_key_xor_decoder_built_on_atob_and_charCodeAt()
        {
            const string secret = "https://api.anthropic.com/v1/messages";
            var encoded = Base64(Xor(Utf8(secret), Encoding.ASCII.GetBytes("OtD6Yb876vjw")));

            var value = Succeeds(Sandbox.Evaluate(RepeatingKeyDecoder, $"_$d(\"{encoded}\")"));

            Assert.Equal(secret, value);
        }

        [Fact]
        public void Evaluates_a_char_code_builder()
        {
            var value = Succeeds(Sandbox.Evaluate("", "String.fromCharCode(...[104,105].map(c=>c^1))"));

            Assert.Equal("ih", value);
        }

        [Fact]
        public void Decodes_hex_through_Buffer_into_utf8()
        {
            const string text = "héllo € 😀";

            var value = Succeeds(Sandbox.Evaluate("", $"Buffer.from('{Hex(Utf8(text))}', 'hex').toString('utf8')"));

            Assert.Equal(text, value);
        }

        [Theory]
        [InlineData("Buffer.from('aGk-_w', 'base64url').toString('hex')", "68693eff")]
        [InlineData("Buffer.from('aGk+/w==', 'base64').toString('base64url')", "aGk-_w")]
        [InlineData("Buffer.from('héllo').toString('base64')", "aMOpbGxv")]
        [InlineData("Buffer.from('\\xe9t\\xe9', 'latin1').toString('hex')", "e974e9")]
        [InlineData("Buffer.from('\\xe9t\\xe9', 'binary').toString('latin1')", "\u00e9t\u00e9")]
        [InlineData("Buffer.from('hi', 'ascii').toString()", "hi")]
        [InlineData("Buffer.from([104, 105, 256 + 33]).toString()", "hi!")]
        [InlineData("Buffer.from('abc').map(b => b + 1).toString()", "bcd")]
        [InlineData("String(Buffer.from('686921', 'hex'))", "hi!")]
        [InlineData("Buffer.from('ff41', 'hex').toString()", "\ufffdA")]
        [InlineData("atob('aGn/') + '|' + btoa('hi\\xff')", "hi\u00ff|aGn/")]
        [InlineData("new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0xe2, 0x82, 0xac]))", "€")]
        [InlineData("new TextDecoder('utf-8').decode(new TextEncoder().encode('😀'))", "😀")]
        [InlineData("[typeof window, typeof self, window === globalThis, self === globalThis].join()", "object,object,true,true")]
        public void Provides_the_Buffer_atob_and_TextDecoder_shims(string expression, string expected)
        {
            Assert.Equal(expected, Succeeds(Sandbox.Evaluate("", expression)));
        }

        [Fact]
        public void Makes_Buffer_iterable_and_indexable()
        {
            var value = Succeeds(Sandbox.Evaluate("var b = Buffer.from('AQID', 'base64');", "[b.length, b[0], b[2], ...b]"));

            Assert.Equal([3.0, 1.0, 3.0, 1.0, 2.0, 3.0], Assert.IsAssignableFrom<IReadOnlyList<object?>>(value));
        }

        [Fact]
        public void Rejects_malformed_input_to_atob_as_browsers_do()
        {
            Assert.StartsWith("InvalidCharacterError", Fails(Sandbox.Evaluate("", "atob('a')")));
        }

        [Fact]
        public void Converts_plain_objects_and_nested_arrays()
        {
            var value = Succeeds(Sandbox.Evaluate("", "({ name: 'x', n: 2, ok: true, none: null, missing: undefined, list: [1, 'a', [false]], nested: { k: 'v' } })"));

            var result = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(value);
            Assert.Equal("x", result["name"]);
            Assert.Equal(2.0, result["n"]);
            Assert.Equal(true, result["ok"]);
            Assert.Null(result["none"]);
            Assert.Null(result["missing"]);
            var list = Assert.IsAssignableFrom<IReadOnlyList<object?>>(result["list"]);
            Assert.Equal(1.0, list[0]);
            Assert.Equal("a", list[1]);
            Assert.Equal([false], Assert.IsAssignableFrom<IReadOnlyList<object?>>(list[2]));
            Assert.Equal("v", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(result["nested"])["k"]);
        }

        [Fact]
        public void Reads_the_result_without_running_its_getters()
        {
            // Were the getter run, it would loop: the answer coming back at all is the proof.
            var value = Succeeds(Sandbox.Evaluate("", "({ plain: 1, get trap() { while (true) {} } })"));

            var result = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(value);
            Assert.Equal(1.0, result["plain"]);
            Assert.Null(result["trap"]);
        }

        [Fact]
        public void Reads_a_cyclic_result_without_looping()
        {
            var value = Succeeds(Sandbox.Evaluate("var a = [1]; a.push(a);", "a"));

            Assert.Equal([1.0, null], Assert.IsAssignableFrom<IReadOnlyList<object?>>(value));
        }

        [Fact]
        public void Refuses_a_result_longer_than_the_limit_rather_than_truncating_it()
        {
            var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxResultLength = 10 });

            Assert.Equal("a".PadLeft(10, 'a'), Succeeds(sandbox.Evaluate("", "'a'.repeat(10)")));
            Assert.Equal(SandboxResult.ResultTooLargeError, Fails(sandbox.Evaluate("", "'a'.repeat(11)")));
            Assert.Equal(SandboxResult.ResultTooLargeError, Fails(sandbox.Evaluate("", "['aaaaa', 'aaaaa']")));
        }

        [Fact]
        public void Ends_with_the_backstop_only_what_no_work_budget_bounds()
        {
            // A statement budget this large outlasts any backstop, so it is the backstop that must end the loop, and
            // the meter must say so: a backstop is the one outcome that depends on the machine.
            var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = int.MaxValue, WallClockBackstop = TimeSpan.FromMilliseconds(50) });
            var meter = SandboxWorkMeter.Unlimited();

            var error = Fails(sandbox.Evaluate("", "while (true) {}", meter, CancellationToken.None));

            Assert.Equal(SandboxResult.BackstopError, error);
            Assert.True(meter.BackstopTripped);
        }

        [Fact]
        public void Charges_the_program_and_the_expression_against_one_statement_budget()
        {
            var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = 10_000 });
            const string spin = "for (var i = 0; i < 6000; i++) {}";

            Succeeds(sandbox.Evaluate(spin, "1"));
            Succeeds(sandbox.Evaluate("", "(function () { " + spin + " return 1; })()"));
            Assert.Equal(SandboxResult.StatementLimitError, Fails(sandbox.Evaluate(spin, "(function () { " + spin + " return 1; })()")));
        }

        [Fact]
        public void Stops_an_infinite_loop_at_the_statement_limit()
        {
            var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = 10_000 });

            Assert.Equal(SandboxResult.StatementLimitError, Fails(sandbox.Evaluate("", "for (;;) {}")));
        }

        [Fact]
        public void Stops_runaway_allocation_at_the_memory_limit()
        {
            // Jint allocates `new Array(1e6)` lazily (about 250 bytes each), so a small cap keeps this about the memory
            // limit rather than a race with the clock.
            var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MemoryLimitBytes = 8L * 1024 * 1024, MaxStatements = 1_000_000_000 });

            Assert.Equal(SandboxResult.MemoryLimitError, Fails(sandbox.Evaluate("var a = [];", "while (true) a.push(new Array(1e6))")));
        }

        [Theory]
        [InlineData("var a = []; while (true) a.push(new Array(1e6).fill(0))")]
        [InlineData("var s = 'a'; for (var i = 0; i < 40; i++) s += s; s")]
        public void Stops_dense_allocation_at_the_default_memory_limit(string expression)
        {
            Assert.Equal(SandboxResult.MemoryLimitError, Fails(new JavaScriptSandbox().Evaluate("", expression)));
        }

        [Theory]
        [InlineData("function f(n) { return f(n + 1); } f(0)")]
        [InlineData("function g(n) { return new Function('n', 'return g(n + 1)')(n); } g(0)")]
        [InlineData("var o = { get x() { return o.x; } }; o.x")]
        public void Stops_deep_recursion(string expression)
        {
            Assert.Equal(SandboxResult.RecursionLimitError, Fails(Sandbox.Evaluate("", expression)));
        }

        [Theory]
        [InlineData("require('fs')", "require")]
        [InlineData("process.env", "process")]
        [InlineData("this.constructor.constructor('return process')()", "process")]
        [InlineData("importNamespace('System.IO')", "importNamespace")]
        [InlineData("System.IO.File.ReadAllText('/etc/passwd')", "System")]
        [InlineData("setTimeout(function () {}, 0)", "setTimeout")]
        public void Gives_the_script_no_host_access(string expression, string missing)
        {
            var error = Fails(Sandbox.Evaluate("", expression));

            Assert.Equal($"ReferenceError: {missing} is not defined", error);
        }

        [Fact]
        public void Starts_every_call_from_a_fresh_global_scope()
        {
            Succeeds(Sandbox.Evaluate("var leaked = 1; Buffer.from = null;", "leaked"));

            Assert.Equal("undefined", Succeeds(Sandbox.Evaluate("", "typeof leaked")));
            Assert.Equal("function", Succeeds(Sandbox.Evaluate("", "typeof Buffer.from")));
        }

        [Fact]
        public void Reports_script_errors_on_one_line()
        {
            Assert.Equal("TypeError: first second", Fails(Sandbox.Evaluate("", "throw new TypeError('first\\nsecond')")));
            Assert.Equal("oops", Fails(Sandbox.Evaluate("", "throw 'oops'")));
            Assert.StartsWith("SyntaxError: ", Fails(Sandbox.Evaluate("function (", "1")));
        }

        [Fact]
        public void Settles_a_promise_the_expression_returns()
        {
            Assert.Equal("done", Succeeds(Sandbox.Evaluate("async function f() { return 'done'; }", "f()")));
            Assert.Equal("Error: nope", Fails(Sandbox.Evaluate("async function f() { throw new Error('nope'); }", "f()")));
            Assert.False(Sandbox.Evaluate("", "new Promise(function () {})").Succeeded);
        }

        [Fact]
        public void Can_be_called_concurrently()
        {
            var results = new SandboxResult[64];

            Parallel.For(0, results.Length, i =>
                results[i] = Sandbox.Evaluate(Dm4, $"DM4(\"{Base64(Xor(Utf8($"host{i}.example,x"), 91))}\")"));

            for (var i = 0; i < results.Length; i++)
            {
                var list = Assert.IsAssignableFrom<IReadOnlyList<object?>>(Succeeds(results[i]));
                Assert.Equal($"host{i}.example", list[0]);
            }
        }
    }

    public sealed class TheEvaluateMethodWithArguments
    {
        [Theory]
        [InlineData("plain")]
        [InlineData("")]
        [InlineData("it's \"quoted\" `ticked` ${interpolated}")]
        [InlineData("back\\slash \\\" \\u0041 \\x41")]
        [InlineData("line\nfeed\r\nand\u2028separator\u2029")]
        [InlineData("\"); throw new Error('injected'); (\"")]
        [InlineData("</script><!-- \0 nul")]
        public void Passes_a_string_through_verbatim(string argument)
        {
            var value = Succeeds(Sandbox.Evaluate("function echo(s) { return s; }", "echo", [argument]));

            Assert.Equal(argument, value);
        }

        [Fact]
        public void Passes_numbers_booleans_and_null_as_themselves()
        {
            var value = Succeeds(Sandbox.Evaluate("function types() { return Array.prototype.map.call(arguments, function (a) { return a === null ? 'null' : typeof a + ':' + a; }); }", "types", [1.5, 7, true, null, 'c']));

            Assert.Equal(["number:1.5", "number:7", "boolean:true", "null", "string:c"], Assert.IsAssignableFrom<IReadOnlyList<object?>>(value));
        }

        [Fact]
        public void Calls_a_const_arrow_decoder_with_its_default_key()
        {
            const string secret = "claude.ai";
            var encoded = Base64(Xor(Utf8(secret), Encoding.ASCII.GetBytes("OtD6Yb876vjw")));

            Assert.Equal(secret, Succeeds(Sandbox.Evaluate(RepeatingKeyDecoder, "_$d", [encoded])));
        }

        [Fact]
        public void Calls_a_method_with_its_receiver()
        {
            var value = Succeeds(Sandbox.Evaluate("var decoder = { prefix: 'p:', run: function (s) { return this.prefix + s; } };", "decoder.run", ["x"]));

            Assert.Equal("p:x", value);
        }

        [Fact]
        public void Reports_a_missing_function_as_a_failure()
        {
            Assert.Equal("ReferenceError: nothing is not defined", Fails(Sandbox.Evaluate("", "nothing", [])));
        }

        [Theory]
        [InlineData("f(1);g")]
        [InlineData("f g")]
        [InlineData("f.")]
        [InlineData("")]
        public void Rejects_a_function_name_that_is_not_an_identifier_path(string functionName)
        {
            Assert.Throws<ArgumentException>(() => Sandbox.Evaluate("", functionName, []));
        }

        [Fact]
        public void Rejects_arguments_it_cannot_pass_as_plain_values()
        {
            Assert.Throws<ArgumentException>(() => Sandbox.Evaluate("function f() {}", "f", [new object()]));
        }
    }
}
