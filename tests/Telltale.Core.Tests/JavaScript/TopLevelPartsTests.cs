using System.Text;
using Acornima;
using Acornima.Ast;
using AstProgram = Acornima.Ast.Program;
using Telltale.Harvesting;
using Telltale.JavaScript;
using Telltale.Tests.Decoding;
using Telltale.Tests.Probing.Running;

namespace Telltale.Tests.JavaScript;

/// <summary>
/// A large script parsed part by part between its top-level statements must be the same program as the script parsed
/// whole — every node's type, range and location, and the top-level names — or not be used at all.
/// </summary>
public class TopLevelPartsTests
{
    /// <summary>
    /// Parts of 25 declarations: a few thousand statements make as many parts as a real bundle does, and the whole parse
    /// they are compared with stays quick (its scope search is quadratic in the top-level declarations).
    /// </summary>
    private static readonly JavaScriptProgram.PartSizes Small = new(MinLength: 0, DeclarationsPerPart: 25, MaxParts: 64);

    /// <summary>Parts of 25 declarations however many that makes.</summary>
    private static readonly JavaScriptProgram.PartSizes ManySmall = new(MinLength: 0, DeclarationsPerPart: 25, MaxParts: int.MaxValue);

    /// <summary>A cut at every place the reader allows one.</summary>
    private static readonly JavaScriptProgram.PartSizes EveryPlace = new(MinLength: 0, DeclarationsPerPart: 1, MaxParts: int.MaxValue);

    [Fact]
    public void A_bundle_with_many_top_level_declarations_parses_in_parts_into_the_same_program()
    {
        var source = Bundle(seed: 1, statements: 3_000);

        var parts = ParseInParts(source, SourceType.Script, Small);

        Assert.NotNull(parts);
        AssertSameProgram(ParseWhole(source, SourceType.Script), parts);
    }

    [Fact]
    public void A_strict_script_stays_strict_in_every_part()
    {
        var source = "\"use strict\";\n" + Bundle(seed: 2, statements: 3_000);

        var parts = ParseInParts(source, SourceType.Script, Small);

        Assert.NotNull(parts);
        Assert.True(parts.Strict);
        AssertSameProgram(ParseWhole(source, SourceType.Script), parts);
    }

    [Fact]
    public void A_module_parses_in_parts_into_the_same_program()
    {
        var source = "import { readFileSync as rf } from \"node:fs\";\n" + Bundle(seed: 3, statements: 3_000) + "\nexport default rf;\n";

        var parts = ParseInParts(source, SourceType.Module, Small);

        Assert.NotNull(parts);
        AssertSameProgram(ParseWhole(source, SourceType.Module), parts);
    }

    [Fact]
    public void A_module_that_exports_names_declared_in_earlier_parts_is_parsed_whole()
    {
        // Acornima checks an export list against the names of its own parse; across parts that check would fail.
        var source = "var exported = 1; function alsoExported() {}\n" + Bundle(seed: 4, statements: 3_000) + "\nexport { exported, alsoExported as g };\n";

        Assert.Empty(TopLevelBreaks.Find(source, Small.DeclarationsPerPart, Small.MaxParts));
        Assert.Null(ParseInParts(source, SourceType.Module, Small));
        Assert.NotNull(ParseWhole(source, SourceType.Module));
    }

    [Theory]
    [InlineData("x = a\n/b/g;\n")]                        // a division the lexical reader must not take for a regular expression
    [InlineData("x = a // ; comment\n+ 1;\n")]              // a cut inside a line comment would still parse
    [InlineData("x = a /* ; */ + 1;\n")]
    [InlineData("x = `a;${ { b: 1 }.b };c`;\n")]
    [InlineData("x = 'a;' + \"b;\";\n")]
    [InlineData("if (a) /;/.test(b);\n")]
    [InlineData("x = {} / 2; y = 1;\n")]
    [InlineData("'not a directive';\n")]
    [InlineData("x = a <!-- ; html comment\n+ 1;\n")]
    [InlineData("for (;;) { break; }\n")]
    [InlineData("label: { x = 1; }\n")]
    public void A_statement_a_lexical_reader_could_misread_never_changes_the_program(string tricky)
    {
        // Tricky statements are spread through a bundle, and the script is cut at every place the reader allows.
        var builder = new StringBuilder();
        for (var round = 0; round < 8; round++)
        {
            builder.Append(Bundle(seed: 5, statements: 300, names: $"r{round}_")).Append(tricky);
        }

        var source = builder.ToString();
        var whole = ParseWhole(source, SourceType.Script);

        foreach (var sizes in new[] { EveryPlace, Small })
        {
            // The reader reads each of these right, so none costs the parts (a misread would only make the caller parse
            // the whole text), and the parts are the same program.
            var parts = ParseInParts(source, SourceType.Script, sizes);
            Assert.True(parts is not null, $"not parsed in parts, cut as {sizes}");
            AssertSameProgram(whole, parts);
        }
    }

    [Fact]
    public async Task A_real_bundle_parses_in_parts_into_the_same_program()
    {
        var package = await ClaudeCodePackages.UnpackAsync("npm:@anthropic-ai/claude-code@2.1.91");
        var source = await File.ReadAllTextAsync(Path.Combine(package, "cli.js"));

        var parts = JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Module, collectLiterals: null, SyntaxNodeBudget.Unlimited, out _, out var index, JavaScriptProgram.PartSizes.Default);

        Assert.NotNull(parts);
        Assert.NotNull(index);
        Assert.True(TopLevelBreaks.Find(source, JavaScriptProgram.PartSizes.Default.DeclarationsPerPart, JavaScriptProgram.PartSizes.Default.MaxParts).Count >= 8);
        var whole = JavaScriptProgram.ParseWhole(source, "bundle.js", SourceType.Module, null, SyntaxNodeBudget.Unlimited);
        AssertSameProgram(whole, parts);
        AssertSameIndex(ProgramIndex.Of(whole), index, everyListHeld: false);
    }

    [Fact]
    public void The_parts_collect_the_literals_the_harvester_reads()
    {
        // One tokenisation per file: the literals come from the parts' own tokens, each part with its own collector.
        var source = "\"use strict\";\n" + Bundle(seed: 6, statements: 3_000) + "\nvar codes = [104, 116, 116, 112, 115]; call(\"“x”\", `t${1}é`);\n";

        var parts = JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Script, () => new JavaScriptLiteralCollector("bundle.js", source, Encoding.UTF8), SyntaxNodeBudget.Unlimited, out var literals, out _, Small);

        Assert.NotNull(parts);
        Assert.NotNull(literals);
        var harvested = new JavaScriptHarvester().Harvest(Fixtures.JsEntry(source, "bundle.js")).ToList();
        Assert.True(harvested.Count > 1_000);
        Assert.Equal(harvested, literals);
    }

    [Fact]
    public async Task The_parts_of_a_real_bundle_collect_the_literals_the_harvester_reads()
    {
        var package = await ClaudeCodePackages.UnpackAsync("npm:@anthropic-ai/claude-code@2.1.91");
        var source = await File.ReadAllTextAsync(Path.Combine(package, "cli.js"));

        var program = JavaScriptProgram.TryParse(source, "package/cli.js", () => new JavaScriptLiteralCollector("package/cli.js", source, Encoding.UTF8), long.MaxValue, out var literals, out var error);

        Assert.Null(error);
        Assert.NotNull(program);
        Assert.NotNull(literals);
        var harvested = new JavaScriptHarvester().Harvest(Fixtures.JsEntry(source, "package/cli.js")).ToList();
        Assert.Equal(harvested.Count, literals.Count);
        Assert.Equal(harvested, literals);
    }

    [Fact]
    public void Parts_parsed_side_by_side_are_the_program_parts_parsed_in_order_make()
    {
        var source = "\"use strict\";\n" + Bundle(seed: 7, statements: 3_000);

        var inOrder = JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Script, null, SyntaxNodeBudget.Unlimited, out _, out _, Small, sideBySide: false);
        var sideBySide = JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Script, null, SyntaxNodeBudget.Unlimited, out _, out _, Small, sideBySide: true);

        Assert.NotNull(inOrder);
        Assert.NotNull(sideBySide);
        AssertSameProgram(inOrder, sideBySide);
    }

    [Fact]
    public void The_index_gathered_part_by_part_is_the_index_a_walk_of_the_whole_program_makes()
    {
        // Every list the analysis reads, in the same order: channel candidates, signals, identifiers and calls by name.
        var builder = new StringBuilder("\"use strict\";\n");
        for (var round = 0; round < 8; round++)
        {
            builder.Append(Bundle(seed: 12 + round, statements: 300, names: $"r{round}_")).Append('\n').Append(
                $$"""
                var q{{round}} = "“quoted”", sc{{round}} = flag ? "/" : "-", rp{{round}} = c ? x.replace(/a/g, "b") : x;
                if (c) y = y.replace("a", "b");
                c && (z = z.replace("a", "b"));
                var cc{{round}} = String.fromCharCode(8217), tpl{{round}} = `Do “${x}” now`, plain{{round}} = `é`;
                var read{{round}} = table(0x1c2, "k"), al{{round}} = q{{round}}, px{{round}} = { a: function () { return 1; } };
                var sm{{round}} = o["key"] + (1 + 2), m{{round}} = { exports: {} }, k{{round}} = { ["verb"]() { return !![]; } };
                switch (order[i++]) { case "0": break; }
                if (0) { dead(); }

                """);
        }

        var source = builder.ToString();
        var whole = ProgramIndex.Of(JavaScriptProgram.ParseWhole(source, "bundle.js", SourceType.Script, null, SyntaxNodeBudget.Unlimited));
        foreach (var sideBySide in new[] { false, true })
        {
            var parts = JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Script, null, SyntaxNodeBudget.Unlimited, out _, out var index, Small, sideBySide);

            Assert.NotNull(parts);
            Assert.NotNull(index);
            AssertSameIndex(whole, index);
        }
    }

    [Fact]
    public void A_part_that_does_not_parse_before_the_budget_runs_out_decides_however_the_parts_are_shared_out()
    {
        // In order, the second part's syntax error is met while the budget still holds, so the script goes to a whole
        // parse. Side by side, the other thread passes the budget in a later part while this one is still reading the
        // second part's long arrays; the answer must not change.
        var prefix = new StringBuilder(Bundle(seed: 8, statements: 30, names: "p_"));
        for (var i = 0; i < 3; i++)
        {
            prefix.Append("var long").Append(i).Append(" = [").AppendJoin(", ", Enumerable.Range(0, 30_000)).Append("];\n");
        }

        var rest = Bundle(seed: 9, statements: 8_000);
        var source = prefix + "var 5 = 1;\n" + rest;
        var prefixNodes = JavaScriptProgram.TryParse(prefix.ToString(), "prefix.js", out _)!.NodeCount;
        var maxNodes = prefixNodes + (prefixNodes / 10);
        Assert.Throws<SyntaxTreeBudgetExceededException>(() => JavaScriptProgram.TryParse(prefix + rest, "whole.js", null, maxNodes, out _, out _));

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Null(JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Script, null, new SyntaxNodeBudget(maxNodes), out _, out _, ManySmall, sideBySide: false));
            Assert.Null(JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Script, null, new SyntaxNodeBudget(maxNodes), out _, out _, ManySmall, sideBySide: true));
        }
    }

    [Fact]
    public void A_budget_that_runs_out_before_a_later_part_that_does_not_parse_stops_the_parse_however_the_parts_are_shared_out()
    {
        var source = Bundle(seed: 10, statements: 3_000) + "var 5 = 1;\n" + Bundle(seed: 11, statements: 60, names: "z_");
        const long maxNodes = 5_000;

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Throws<SyntaxTreeBudgetExceededException>(() => JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Script, null, new SyntaxNodeBudget(maxNodes), out _, out _, Small, sideBySide: false));
            Assert.Throws<SyntaxTreeBudgetExceededException>(() => JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Script, null, new SyntaxNodeBudget(maxNodes), out _, out _, Small, sideBySide: true));
        }
    }

    [Fact]
    public void A_small_script_is_parsed_whole()
    {
        Assert.Null(ParseInParts("var a = 1; var b = 2;", SourceType.Script, JavaScriptProgram.PartSizes.Default));
    }

    private static AstProgram? ParseInParts(string source, SourceType sourceType, JavaScriptProgram.PartSizes sizes) =>
        JavaScriptProgram.ParseInParts(source, "bundle.js", sourceType, collectLiterals: null, SyntaxNodeBudget.Unlimited, out _, out _, sizes);

    private static AstProgram ParseWhole(string source, SourceType sourceType)
    {
        var parser = new Parser(Options(sourceType));
        return sourceType == SourceType.Script ? parser.ParseScript(source, "bundle.js") : parser.ParseModule(source, "bundle.js");
    }

    private static ParserOptions Options(SourceType sourceType) => new()
    {
        AllowHashBang = true,
        EcmaVersion = EcmaVersion.Latest,
        AllowReturnOutsideFunction = sourceType == SourceType.Script,
        AllowAwaitOutsideFunction = true,
        Tolerant = true,
    };

    private static void AssertSameProgram(AstProgram expected, AstProgram actual)
    {
        Assert.Equal(expected.Strict, actual.Strict);
        Assert.Equal(expected.Range, actual.Range);
        Assert.Equal(expected.Location.Start, actual.Location.Start);
        Assert.Equal(expected.Location.End, actual.Location.End);
        var left = new Stack<Node>([expected]);
        var right = new Stack<Node>([actual]);
        var nodes = 0;
        while (left.Count > 0)
        {
            Assert.NotEmpty(right);
            var a = left.Pop();
            var b = right.Pop();
            nodes++;
            if (a.Type != b.Type || a.Range != b.Range || a.Location.Start != b.Location.Start || a.Location.End != b.Location.End || a.GetType() != b.GetType())
            {
                Assert.Fail($"node {nodes}: expected {a.GetType().Name} {a.Range} {a.Location}, got {b.GetType().Name} {b.Range} {b.Location}");
            }

            var childrenA = a.ChildNodes.ToList();
            var childrenB = b.ChildNodes.ToList();
            Assert.Equal(childrenA.Count, childrenB.Count);
            childrenA.ForEach(left.Push);
            childrenB.ForEach(right.Push);
        }

        Assert.Empty(right);
    }

    /// <param name="everyListHeld">Every list must hold something (a made-up script built to), or the test proves nothing.</param>
    private static void AssertSameIndex(ProgramIndex expected, ProgramIndex actual, bool everyListHeld = true)
    {
        static List<string> Described(IEnumerable<Node> nodes) => [.. nodes.Select(node => $"{node.Type}@{node.Start}-{node.End}")];
        void Same(string list, IEnumerable<Node> a, IEnumerable<Node> b)
        {
            var left = Described(a);
            Assert.True(!everyListHeld || left.Count > 0, $"{list} is empty: the comparison would prove nothing");
            Assert.True(left.SequenceEqual(Described(b)), $"{list} differs");
        }

        Assert.Equal(expected.NodeCount, actual.NodeCount);
        Same("functions", expected.Functions, actual.Functions);
        Same("non-ASCII short strings", expected.NonAsciiShortStrings, actual.NonAsciiShortStrings);
        Same("conditional replacements", expected.ConditionalReplacements, actual.ConditionalReplacements);
        Same("subtle choices", expected.SubtleChoices, actual.SubtleChoices);
        Same("constant operations", expected.Signals.ConstantOperations, actual.Signals.ConstantOperations);
        Same("string members", expected.Signals.StringMembers, actual.Signals.StringMembers);
        Same("string keys", expected.Signals.StringKeys, actual.Signals.StringKeys);
        Same("constant-argument calls", expected.Signals.ConstantArgumentCalls, actual.Signals.ConstantArgumentCalls);
        Same("aliases", expected.Signals.Aliases, actual.Signals.Aliases);
        Same("dispatch switches", expected.Signals.DispatchSwitches, actual.Signals.DispatchSwitches);
        Same("proxy objects", expected.Signals.ProxyObjects, actual.Signals.ProxyObjects);
        Same("constant tests", expected.Signals.ConstantTests, actual.Signals.ConstantTests);
        Same("module objects", expected.Signals.ModuleObjects, actual.Signals.ModuleObjects);
        Assert.Equal(expected.Identifiers.Keys.Order(StringComparer.Ordinal), actual.Identifiers.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, identifiers) in expected.Identifiers)
        {
            Same($"identifiers named {name}", identifiers, actual.Identifiers[name]);
        }

        Assert.Equal(expected.MethodCalls.Keys.Order(StringComparer.Ordinal), actual.MethodCalls.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, calls) in expected.MethodCalls)
        {
            Same($"calls of .{name}", calls, actual.MethodCalls[name]);
        }
    }

    /// <summary>Top-level code of the shapes bundlers write, with the characters a lexical reader must not trip on.</summary>
    private static string Bundle(int seed, int statements, string names = "")
    {
        var random = new Random(seed);
        var builder = new StringBuilder();
        for (var i = 0; i < statements; i++)
        {
            builder.Append(random.Next(12) switch
            {
                0 => $"var {names}v{i} = {i} / 2 / ({names}v{i - 1 + (i == 0 ? 1 : 0)} || 1), {names}w{i} = /[;\\/]{{2}}/g;",
                1 => $"function {names}f{i}(a, b) {{ if (a) {{ return `x;${{b}};{{y}}`; }} return /;/.test(b) ? a : b; }}",
                2 => $"let {names}l{i} = {{ a: '{{;', b: \"}};\", c: [1, 2, 3] }}\n",
                3 => $"const {names}c{i} = (x) => x / {i};",
                4 => $"class {names}K{i} {{ static s = 1; m() {{ return this.s / 2; }} }}",
                5 => $"/* ; {{ */ var {names}d{i} = 1 // ; }}\n;",
                6 => $"var {names}e{i} = typeof x / 2, {names}g{i} = void /re;/;",
                7 => $"{names}label{i}: for (var {names}q{i} = 0; {names}q{i} < 1; {names}q{i}++) {{ continue {names}label{i}; }}",
                8 => $"var {names}t{i} = `a${{`b${{ {{}} }}`}};`;",
                9 => $"x{i % 7} = a\n/ b / c;",
                10 => $"var {names}s{i} = '\\';', {names}u{i} = \"\\\";\";",
                _ => $"if (typeof v0) {{ var {names}h{i} = 1 }} else /;/.exec(''); ",
            });
        }

        return builder.ToString();
    }
}
