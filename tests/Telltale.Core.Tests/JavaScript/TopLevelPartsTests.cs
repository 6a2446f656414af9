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

        var parts = ParseInParts(source, SourceType.Module, JavaScriptProgram.PartSizes.Default);

        Assert.NotNull(parts);
        Assert.True(TopLevelBreaks.Find(source, JavaScriptProgram.PartSizes.Default.DeclarationsPerPart, JavaScriptProgram.PartSizes.Default.MaxParts).Count >= 8);
        AssertSameProgram(ParseWhole(source, SourceType.Module), parts);
    }

    [Fact]
    public void The_parts_collect_the_literals_the_harvester_reads()
    {
        // One tokenisation per file: the literals come from the parts' own tokens, each part with its own collector.
        var source = "\"use strict\";\n" + Bundle(seed: 6, statements: 3_000) + "\nvar codes = [104, 116, 116, 112, 115]; call(\"“x”\", `t${1}é`);\n";

        var parts = JavaScriptProgram.ParseInParts(source, "bundle.js", SourceType.Script, () => new JavaScriptLiteralCollector("bundle.js", source, Encoding.UTF8), SyntaxNodeBudget.Unlimited, out var literals, Small);

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
    public void A_small_script_is_parsed_whole()
    {
        Assert.Null(ParseInParts("var a = 1; var b = 2;", SourceType.Script, JavaScriptProgram.PartSizes.Default));
    }

    private static AstProgram? ParseInParts(string source, SourceType sourceType, JavaScriptProgram.PartSizes sizes) =>
        JavaScriptProgram.ParseInParts(source, "bundle.js", sourceType, collectLiterals: null, SyntaxNodeBudget.Unlimited, out _, sizes);

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
