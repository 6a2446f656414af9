using Telltale.JavaScript;
using Telltale.JavaScript.Normalisation;
using Telltale.JavaScript.Sandbox;
using Telltale.Scanning;

namespace Telltale.Tests.JavaScript.Normalisation;

/// <summary>
/// Each rewrite of the normalisation pass on a program written here for the purpose, in the shapes obfuscators
/// produce, and the guarantees around them: what must not be rewritten, and that work stays bounded.
/// </summary>
public sealed class JavaScriptNormaliserTests
{
    // A string table rotated twice at start-up and read through a decoder that subtracts an offset, as string-array obfuscation does.
    private const string RotatedTable = """
        function table() {
          var items = ['x3', 'process', 'env', 'HOST_URL', 'hostname', 'x1', 'x2'];
          table = function () { return items; };
          return table();
        }
        (function (get, turns) {
          var items = get();
          while (turns--) items.push(items.shift());
        })(table, 2);
        function s(i) {
          return table()[i - 100];
        }
        """;

    private static NormalisedProgram Normalise(string source, SandboxWorkMeter? meter = null, long maxNodes = long.MaxValue, Action<JavaScriptProgram>? roundStarts = null)
    {
        // Not `?? throw`: the JIT keeps that expression's temporary for the rest of the method, and with it the tree
        // that Normalise takes from this variable.
        var program = JavaScriptProgram.TryParse(source, "test.js", out var error);
        Assert.True(program is not null, error);
        var sandbox = new JavaScriptSandbox();
        var decoder = Telltale.Decoding.LayeredDecoder.CreateDefault(ScanLimits.Default);
        var work = meter ?? SandboxWorkMeter.Unlimited();
        return JavaScriptNormaliser.Normalise(
            ref program,
            round =>
            {
                roundStarts?.Invoke(round);
                return new DecoderFolding(round, sandbox, decoder, work, CancellationToken.None);
            },
            maxNodes,
            CancellationToken.None);
    }

    /// <summary>One pass over <paramref name="source"/>, its edits applied: what that pass alone rewrites.</summary>
    private static string Apply(string source, Action<JavaScriptProgram, SourceEdits> pass)
    {
        var program = JavaScriptProgram.TryParse(source, "test.js", out var error) ?? throw new InvalidOperationException(error);
        var edits = new SourceEdits();
        pass(program, edits);
        return edits.Apply(source).Text;
    }

    [Fact]
    public void Replaces_calls_of_a_rotated_string_table_by_the_strings_they_return()
    {
        var result = Normalise(RotatedTable + "var url = process[s(100)][s(101)]; var h = new URL(url)[s(102)];\n");

        Assert.Contains("var url = process.env.HOST_URL;", result.Program.Source, StringComparison.Ordinal);
        Assert.Contains("new URL(url).hostname;", result.Program.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolves_calls_made_through_aliases_and_wrappers_of_the_table()
    {
        var source = RotatedTable + """
            var alias = s;
            function read() {
              var local = alias;
              function w(a, b, c) { return local(c - 1, a); }
              return [w(0, 0, 101), w(0, 0, 102), local(102)];
            }
            """;

        var result = Normalise(source);

        Assert.Contains("return [\"env\", \"HOST_URL\", \"hostname\"];", result.Program.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_a_table_alone_when_its_rotation_cannot_run()
    {
        // The rotation calls a host object the sandbox does not have: folding without it would hand out wrong strings.
        var source = RotatedTable.Replace("while (turns--)", "if (require('fs').existsSync('/x')) while (turns--)", StringComparison.Ordinal)
            + "var a = s(100), b = s(101), c = s(102);\n";

        var result = Normalise(source);

        Assert.Contains("var a = s(100), b = s(101), c = s(102);", result.Program.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Stops_a_rotation_that_never_ends_at_the_work_budget()
    {
        var source = RotatedTable.Replace("while (turns--)", "while (true)", StringComparison.Ordinal) + "var a = s(100), b = s(101), c = s(102);\n";
        var meter = new SandboxWorkBudget(ScanLimits.Default.MaxSandboxStatementsPerScan, ScanLimits.Default.MaxSandboxStatementsPerFile).ForFile(0);

        var result = Normalise(source, meter);

        Assert.Contains("var a = s(100), b = s(101), c = s(102);", result.Program.Source, StringComparison.Ordinal);
        Assert.True(meter.LimitedEvaluations > 0, "the endless rotation should have stopped at the statement limit");
    }

    // The rotation of RotatedTable, made costly as obfuscators make it (a checksum of decoded entries at every turn).
    private static string CostlyRotation(string readers) => RotatedTable.Replace(
        "while (turns--) items.push(items.shift());",
        "while (turns--) { for (var k = 0; k < 5000; k++) items.join(''); items.push(items.shift()); }",
        StringComparison.Ordinal) + readers;

    // A function of its own with a wrapper of the table inside, called three times: one reader of the table each.
    private static string Reader(string name, int offset, string wrapper = "w") => $$"""
        function {{name}}() {
          function {{wrapper}}(i) { return s(i + {{offset}}); }
          return [{{wrapper}}({{100 - offset}}), {{wrapper}}({{101 - offset}}), {{wrapper}}({{102 - offset}})];
        }

        """;

    private const string RotatedReads = "return [\"env\", \"HOST_URL\", \"hostname\"];";

    [Fact]
    public void Runs_a_tables_rotation_once_for_all_its_readers_and_never_makes_the_table_again()
    {
        SandboxWorkMeter Meter() => new SandboxWorkBudget(ScanLimits.Default.MaxSandboxStatementsPerScan, ScanLimits.Default.MaxSandboxStatementsPerFile).ForFile(0);
        var one = Meter();
        var alone = Normalise(CostlyRotation(Reader("r0", 1, "w0")), one);
        var five = Meter();
        // Wrappers named apart, as obfuscators name them.
        var together = Normalise(CostlyRotation(string.Concat(Enumerable.Range(0, 5).Select(i => Reader($"r{i}", i + 1, $"w{i}")))), five);

        // Every reader hands out the rotated table's strings: a reader that made the table again would read it unrotated.
        Assert.Contains(RotatedReads, alone.Program.Source, StringComparison.Ordinal);
        Assert.Equal(5, together.Program.Source.Split(RotatedReads).Length - 1);
        // Five readers cost about what one does (the rotation, 50,000 joins, is most of it), not five times as much.
        Assert.True(five.Statements < 2 * one.Statements, $"five readers ran {five.Statements:N0} statements, one ran {one.Statements:N0}");
    }

    [Fact]
    public void Gives_readers_whose_wrappers_share_a_name_each_the_rotated_strings()
    {
        // One engine cannot hold two functions named w: each reader gets its own, after its own run of the rotation.
        var result = Normalise(CostlyRotation(string.Concat(Enumerable.Range(0, 3).Select(i => Reader($"r{i}", i + 1)))));

        Assert.Equal(3, result.Program.Source.Split(RotatedReads).Length - 1);
    }

    [Fact]
    public void Makes_the_declarations_a_reader_without_calls_would_have_brought_for_the_next_reader()
    {
        const string source = """
            function table() { var items = ['a', 'b', 'c']; table = function () { return items; }; return table(); }
            function s(i) { return table()[i]; }
            function h(x) { return x; }
            function b(i) { return h(s(i)); }
            function c(i) { return h(s(i)) + '!'; }
            """;
        var program = JavaScriptProgram.TryParse(source, "test.js", out var error) ?? throw new InvalidOperationException(error);
        var folding = new DecoderFolding(program, new JavaScriptSandbox(), Telltale.Decoding.LayeredDecoder.CreateDefault(ScanLimits.Default), SandboxWorkMeter.Unlimited(), CancellationToken.None);
        DecoderFolding.TableReader Reader(string name, params int[] calls) => new(
            folding.LiftCode(program.Root.Body.OfType<Acornima.Ast.FunctionDeclaration>().Single(f => f.Id!.Name == name))!,
            [.. calls.Select(call => (IReadOnlyList<object?>)[call])]);

        // b brings h and is never called: h must still be made for c, which needs it too.
        var results = folding.FoldReaderCalls([Reader("s", 0), Reader("b"), Reader("c", 1)], [], callsPerEvaluation: 256);

        Assert.Equal(["a"], results[0]!);
        Assert.Null(results[1]);
        Assert.Equal(["b!"], results[2]!);
    }

    [Fact]
    public void Folds_the_readers_after_one_whose_evaluation_fails()
    {
        // The second reader never returns: its evaluation stops at the statement limit, and the third still folds.
        var looping = """
            function stuck() {
              function w(i) { while (true) {} return s(i); }
              return [w(101), w(102), w(103)];
            }

            """;
        var meter = new SandboxWorkBudget(ScanLimits.Default.MaxSandboxStatementsPerScan, ScanLimits.Default.MaxSandboxStatementsPerFile).ForFile(0);

        var result = Normalise(RotatedTable + Reader("first", 1, "w1") + looping + Reader("third", 2, "w3"), meter);

        Assert.Equal(2, result.Program.Source.Split(RotatedReads).Length - 1);
        Assert.Contains("return [w(101), w(102), w(103)];", result.Program.Source, StringComparison.Ordinal);
        Assert.True(meter.LimitedEvaluations > 0, "the looping reader should have stopped at the statement limit");
    }

    [Theory]
    [InlineData("var n = -0x1eb + 0x1 * 0x1b91 + -0x19a5;", "var n = 1;")]
    [InlineData("var k = 'ho' + 'st' + 'name';", "var k = \"hostname\";")]
    [InlineData("var t = !![], f = ![];", "var t = true, f = false;")]
    [InlineData("var h = u['hostname'];", "var h = u.hostname;")]
    [InlineData("var h = u?.['host'];", "var h = u?.host;")]
    [InlineData("var d = x - 0x1 * -0x2;", "var d = x - (-2);")]
    [InlineData("var C = class { ['verb']() { return 1; } get['host']() { return 2; } };", "var C = class {  verb() { return 1; } get host() { return 2; } };")]
    public void Folds_constants_and_names_written_as_strings(string source, string expected)
    {
        Assert.Equal(expected, Apply(source, ConstantFolding.Collect));
    }

    [Fact]
    public void Does_not_rewrite_a_program_without_evidence_of_obfuscation()
    {
        // Respellings, a constant test and a wrapper called with constants are what minifiers leave too: the analysis
        // reads through them, and parsing a large bundle again would cost more than rewriting them gives.
        const string source = "var h = u['hostname'], k = 'ho' + 'st';\nif (!0) { f(); }\nfunction w(a) { return g(a, 1); }\nfunction g(a, b) { return a + b; }\nw(2);\n";

        var result = Normalise(source);

        Assert.False(result.Changed);
    }

    [Fact]
    public void Keeps_only_the_branch_a_constant_test_takes()
    {
        var text = Apply("function f(x) {\n  if (true) { x = x.replace(/-/g, '.'); } else { x = 'dead'; }\n  return x;\n}\n", ConstantFolding.CollectBranches);

        Assert.Contains("  x = x.replace(/-/g, '.');\n  return x;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dead", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Puts_a_flattened_dispatch_loop_back_in_order()
    {
        var source = """
            function f() {
              var order = '2|0|1'.split('|'), i = 0;
              while (true) {
                switch (order[i++]) {
                  case '0': second(); continue;
                  case '1': third(); continue;
                  case '2': first(); continue;
                }
                break;
              }
            }
            """;

        var text = Normalise(source).Program.Source;

        var first = text.IndexOf("first();", StringComparison.Ordinal);
        var second = text.IndexOf("second();", StringComparison.Ordinal);
        var third = text.IndexOf("third();", StringComparison.Ordinal);
        Assert.True(first >= 0 && first < second && second < third, text);
        Assert.DoesNotContain("switch", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inlines_the_members_of_a_proxy_object_built_literally_or_key_by_key()
    {
        var source = """
            function f(host, list) {
              var p = { 'eq': function (a, b) { return a === b; }, 'call': function (g, v) { return g(v); }, 'dot': '.' };
              var q = {};
              q.join = function (a, b) { return a + b; };
              var r = q;
              return p.call(check, host) || p['eq'](host, list[0]) || host.endsWith(r.join(p.dot, list[1]));
            }
            """;

        var text = Normalise(source).Program.Source;

        Assert.Contains("return check(host) || (host === list[0]) || host.endsWith(('.' + list[1]));", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_inline_a_function_that_does_real_work()
    {
        // A decoder must stay a function: the decoder folding runs it, and a list it returns is a hidden list.
        const string source = "function unhide(s) { return atob(s).split(','); }\nvar list = unhide('YSxi');\n";

        Assert.Equal(source, Apply(source, WrapperInlining.CollectWrapperCalls));
    }

    [Fact]
    public void Does_not_inline_a_wrapper_whose_names_mean_something_else_at_the_call()
    {
        const string source = "var k = 1;\nfunction w(a) { return g(a + k); }\nfunction g(v) { return v; }\nfunction f() { var k = 2; return w(0x1); }\nvar top = w(0x2);\n";

        var text = Apply(source, WrapperInlining.CollectWrapperCalls);

        Assert.Contains("return w(0x1);", text, StringComparison.Ordinal);
        Assert.Contains("var top = g(0x2 + k);", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_an_ordinary_program_untouched()
    {
        const string source = "const a = require('a');\nfunction f(x) { return x ? a.b(x) : a.c(); }\nmodule.exports = { f };\n";

        var result = Normalise(source);

        Assert.False(result.Changed);
        Assert.Same(source, result.Program.Source);
    }

    [Fact]
    public void Maps_positions_in_the_rewritten_text_back_to_the_original()
    {
        // A table is a function called with constants at least three times.
        var source = RotatedTable + "var h = process[s(100)][s(101)], n = s(102);\n";
        var result = Normalise(source);
        var rewritten = result.Program.Source;

        var envInRewritten = rewritten.IndexOf("process.env.HOST_URL", StringComparison.Ordinal);
        var callInOriginal = source.IndexOf("process[s(100)]", StringComparison.Ordinal);
        Assert.Equal(callInOriginal, result.ToOriginal(envInRewritten));

        // Inside a replacement: the start of what it replaced (here the member `[s(101)]` respelt as `.HOST_URL`); the end maps to the end.
        var tableCall = source.IndexOf("[s(101)]", StringComparison.Ordinal);
        Assert.Equal(tableCall, result.ToOriginal(rewritten.IndexOf("HOST_URL", envInRewritten, StringComparison.Ordinal)));
        Assert.Equal(source.Length, result.ToOriginal(rewritten.Length));
    }
    // Round one resolves the table's calls, which are the proxy object's keys; round two inlines the proxy's members.
    private const string TwoRounds = RotatedTable + """
        var p = {};
        p[s(100)] = function (a, b) { return a + b; };
        p[s(105)] = function (g, v) { return g(v); };
        var h = p[s(100)](process[s(101)][s(102)], s(103)) + p[s(105)](String, s(104));
        """;

    [Fact]
    public void Lets_each_rounds_tree_go_before_the_next_round_is_parsed()
    {
        // A 33 MB bundle's tree is gigabytes: the file's tree and each round's, held until the analysis ends, were most
        // of an obfuscated bundle's peak. Each round starts with the folding made for its program; by then every
        // earlier program (the file's own included, which the caller handed over) must be collectable.
        var earlier = new List<WeakReference>();
        var held = new List<int>();

        var result = Normalise(TwoRounds, roundStarts: program =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            held.Add(earlier.Count(reference => reference.IsAlive));
            earlier.Add(new WeakReference(program));
        });

        Assert.True(held.Count >= 2, $"{held.Count} rounds: the program must take at least two for the test to mean anything");
        Assert.True(result.Rounds >= 2, $"{result.Rounds} rewriting rounds");
        Assert.All(held, count => Assert.Equal(0, count));
        Assert.Null(result.Incomplete);
    }

    [Fact]
    public void Holds_each_rounds_tree_to_the_syntax_tree_budget()
    {
        // The rewritten program is parsed under the script's node budget too: a round whose tree would pass it is not
        // held, and the program is analysed as the round before left it, with that said.
        var source = RotatedTable + "var h = process[s(100)][s(101)], n = s(102);\n";
        var unbounded = Normalise(source);
        var program = JavaScriptProgram.TryParse(unbounded.Program.Source, "test.js", out _)!;

        var budget = program.NodeCount / 2;
        var bounded = Normalise(source, maxNodes: budget);

        Assert.True(unbounded.Changed);
        Assert.Null(unbounded.Incomplete);
        Assert.False(bounded.Changed);
        Assert.Equal(source, bounded.Program.Source);
        Assert.Contains($"{budget:N0}-node syntax-tree budget", bounded.Incomplete, StringComparison.Ordinal);
        Assert.StartsWith("normalisation stopped after 0 rounds", bounded.Incomplete, StringComparison.Ordinal);
    }
}
