using System.Text;
using Acornima;
using Telltale.Artifacts;
using Telltale.Harvesting;

namespace Telltale.Tests.Harvesting;

public sealed class JavaScriptLiteralCollectorTests
{
    private const string Path = "package/index.js";

    private static ArtifactEntry Entry(string source, Encoding codec) => new()
    {
        Path = Path,
        Name = Path,
        Content = codec.GetBytes(source),
        Kind = EntryKind.JavaScript,
        Encoding = codec == Encoding.Latin1 ? ContentEncoding.Latin1 : ContentEncoding.Utf8,
    };

    private static List<HarvestedLiteral> Harvested(ArtifactEntry entry) => new JavaScriptHarvester().Harvest(entry).ToList();

    // The options the behaviour analysis parses with (JavaScriptProgram.TryParse), plus the collector.
    private static List<HarvestedLiteral> Parsed(ArtifactEntry entry, SourceType sourceType)
    {
        var text = entry.ReadText();
        var collector = new JavaScriptLiteralCollector(entry.Path, text, entry.Codec);
        var parser = new Parser(ParserOptionsFor(sourceType, collector.Accept));
        _ = Parse(parser, text, sourceType);
        return collector.Literals;
    }

    private static Acornima.Ast.Program Parse(Parser parser, string text, SourceType sourceType) =>
        sourceType == SourceType.Script ? parser.ParseScript(text, Path) : parser.ParseModule(text, Path);

    private static ParserOptions ParserOptionsFor(SourceType sourceType, OnTokenHandler onToken) => new()
    {
        AllowHashBang = true,
        EcmaVersion = EcmaVersion.Latest,
        AllowReturnOutsideFunction = sourceType == SourceType.Script,
        AllowAwaitOutsideFunction = true,
        Tolerant = true,
        OnToken = onToken,
    };

    private static List<Token> ParserTokens(string source, SourceType sourceType)
    {
        var tokens = new List<Token>();
        var parser = new Parser(ParserOptionsFor(sourceType, (in Token token) => tokens.Add(token)));
        _ = Parse(parser, source, sourceType);
        return tokens;
    }

    private static List<Token> TokenizerTokens(string source)
    {
        var tokenizer = new Tokenizer(source, SourceType.Module, Path, new TokenizerOptions { EcmaVersion = EcmaVersion.Latest, AllowHashBang = true, Tolerant = true });
        var tokens = new List<Token>();
        for (var token = tokenizer.GetToken(); token.Kind != TokenKind.EOF; token = tokenizer.GetToken())
        {
            tokens.Add(token);
        }

        return tokens;
    }

    private static List<HarvestedLiteral> Collected(IEnumerable<Token> tokens, string source)
    {
        var collector = new JavaScriptLiteralCollector(Path, source, Encoding.UTF8);
        foreach (var token in tokens)
        {
            collector.Accept(in token);
        }

        return collector.Literals;
    }

    public static TheoryData<string, SourceType> Corpus => new()
    {
        { "var a = \"tab\\there\\x41\\u0042\\u{43}\\n\"; var b = 'it\\'s'; var c = \"\\\"q\\\"\"; var d = 'line\\\ncontinued';", SourceType.Script },
        { "let t = `Hello ${name}, you are\\t${age} years`; let u = `${a}x${`inner ${b} y`}z`; let v = String.raw`a${1}b\\n`; let e = ``; let w = `${a}${b}`;", SourceType.Script },
        { """var r=/"/g; var s="real"; var q = /'[^']*'/; x = "after"; var cls = /[/"]/; var esc = /\/"/;""", SourceType.Script },
        { """var q = x / 2 / y; var s = "a"; var r = /"b/; var t = "b"; n = a++ / 2 / "c".length; var u = (1) / 2 + "z";""", SourceType.Script },
        { "if (ok) /\"x\"/.test(s); function f(){}\n/\"re\"/.test(s); var after = \"ok\"; function g(s){ return /\"/.test(s) ? \"yes\" : \"no\"; } a /= 2; var r = x ? /=/ : \"eq\"; var k = x /= \"y\";", SourceType.Script },
        { "var c = [104,116,116,112]; String.fromCharCode(0x68, 116, 116, 112, 115); var m = [[1,2,3,4],[5,6,7,8]]; var n = [1,2,3]; var o = [1,x,3,4]; var p = [1.5,2,3,4]; var h = [1,2,,3,4];", SourceType.Script },
        { "// it’s\nvar x = '’'; var y = \"target\";\n/* 😀 */ z = \"next\"; var 日本 = \"語\"; var e = `😀${x}é`;", SourceType.Script },
        { "#!/usr/bin/env node\n'use strict';\nconst fs = require(\"fs\");\nfs.readFileSync(\"/etc/passwd\", 'utf8');", SourceType.Script },
        { "// don't \"read\" me\nvar s=\"real\"; /* it's \" */ t='also'; /** `tick` ${x} */ u = `t`;", SourceType.Script },
        { """var x = _$d("SGVsbG8="); a.b("x1"); obj?.get("x2"); f("first", "second"); Xi_="hidden"; var o = {k:"value", other: 1}; if (x === "plain") {} \u0066("esc"); var \u0062ar = "v";""", SourceType.Script },
        { """const f = (a = "dflt", [b] = ["arr"]) => "body"; const g = async (x) => x + "y"; const h = ({k = "kv"}) => k; const i = (p, q) => [p, "pq"]; (("grouped"));""", SourceType.Script },
        { """import x from "mod"; import { y as z } from './rel.js'; export const v = "val"; export default [1,2,3,4]; const w = await import("dyn");""", SourceType.Module },
        { """class C { #p = "priv"; static s = 'st'; get g() { return `gt`; } m(a = "d") { return a?.["k"] ?? "n"; } }""", SourceType.Module },
    };

    public sealed class TheAcceptMethod
    {
        [Theory]
        [MemberData(nameof(Corpus), MemberType = typeof(JavaScriptLiteralCollectorTests))]
        public void Collects_from_a_parser_what_the_harvester_collects_from_the_tokenizer(string source, SourceType sourceType)
        {
            var entry = Entry(source, Encoding.UTF8);

            var harvested = Harvested(entry);

            Assert.NotEmpty(harvested);
            Assert.Equal(harvested, Parsed(entry, sourceType));
        }

        [Fact]
        public void Counts_latin1_byte_offsets_when_fed_by_a_parser()
        {
            var entry = Entry("const café = 1; const s = \"hidden-value\"; const t = 'naïve'; x = `ü${café}ß`;", Encoding.Latin1);

            var harvested = Harvested(entry);

            Assert.Equal(["hidden-value", "naïve", "ü", "ß"], harvested.Select(l => l.Value));
            Assert.Equal(harvested, Parsed(entry, SourceType.Script));
        }

        [Fact]
        public void Keeps_the_raw_spelling_of_an_escaped_callee_and_binding()
        {
            var literals = Harvested(Entry("""\u0066("esc"); var \u0062ar = "v"; plain("p");""", Encoding.UTF8));

            Assert.Equal([("\\u0066", null), (null, "\\u0062ar"), ("plain", null)], literals.Select(l => (l.Callee, l.Binding)));
        }

        // The standalone tokenizer guesses regex-or-division from the previous token; it cannot know that `await`
        // starts an expression or that `++` after a line break is a prefix, and it reads a file as a module, where
        // `<!--` is not a comment. The parser knows all of these, so only it gets them right.
        [Theory]
        [InlineData("""async function f(s){ await /"/.test(s); return "a"; }""", new[] { "/.test(s); return " }, new[] { "a" })]
        [InlineData("x = a\n++/\"/.lastIndex; t = \"x\";", new[] { "/.lastIndex; t = " }, new[] { "x" })]
        [InlineData("x = 1 <!-- \"in an html comment\"\nt = \"x\";", new[] { "in an html comment", "x" }, new[] { "x" })]
        public void Reads_right_where_the_tokenizer_guesses_wrong(string source, string[] byTokenizer, string[] byParser)
        {
            var entry = Entry(source, Encoding.UTF8);

            Assert.Equal(byTokenizer, Harvested(entry).Select(l => l.Value));
            Assert.Equal(byParser, Parsed(entry, SourceType.Script).Select(l => l.Value));
        }

        [Fact]
        public void Ignores_a_token_delivered_twice()
        {
            var source = """var x = _$d("SGVsbG8="); var t = `a${b}c`; var e = `${a}${b}`; var c = [104,116,116,112];""";
            var tokens = TokenizerTokens(source);

            var twice = tokens.SelectMany(token => new[] { token, token });

            Assert.Equal(["SGVsbG8=", "a", "c", "104,116,116,112"], Collected(tokens, source).Select(l => l.Value));
            Assert.Equal(Collected(tokens, source), Collected(twice, source));
        }

        [Fact]
        public void Ignores_a_token_that_steps_back()
        {
            var source = """f("one"); g = "two"; var c = [104,116,116,112]; h("three");""";
            var tokens = TokenizerTokens(source);

            // After every token, replay the one two back: a source that re-reads behind itself.
            var replayed = tokens.SelectMany((token, i) => i >= 2 ? new[] { token, tokens[i - 2] } : new[] { token });

            Assert.Equal([("one", "f", null), ("two", null, "g"), ("104,116,116,112", null, null), ("three", "h", null)], Collected(tokens, source).Select(l => (l.Value, l.Callee, l.Binding)));
            Assert.Equal(Collected(tokens, source), Collected(replayed, source));
        }
    }

    public sealed class TheParsersTokenDelivery
    {
        [Theory]
        [MemberData(nameof(Corpus), MemberType = typeof(JavaScriptLiteralCollectorTests))]
        public void Delivers_each_token_once_in_source_order_as_the_tokenizer_reads_them(string source, SourceType sourceType)
        {
            var parsed = ParserTokens(source, sourceType);

            // EOF comes once, last; every other token starts where or after the one before ended.
            Assert.Equal(TokenKind.EOF, parsed[^1].Kind);
            Assert.Single(parsed, t => t.Kind == TokenKind.EOF);
            for (var i = 1; i < parsed.Count; i++)
            {
                Assert.True(parsed[i].Start >= parsed[i - 1].End, $"token {i} at {parsed[i].Start} starts before the previous one ends at {parsed[i - 1].End}");
            }

            Assert.Equal(
                TokenizerTokens(source).Select(t => (t.Kind, t.Start, t.End)),
                parsed.SkipLast(1).Select(t => (t.Kind, t.Start, t.End)));
        }

        [Fact]
        public void Delivers_a_division_read_again_as_a_regex_only_as_the_regex()
        {
            // The parser's tokenizer reads `/` as division and the parser reads it again as a regex when it
            // finds it where an expression starts; tokens are delivered when consumed, so the first reading is never seen.
            var parsed = ParserTokens("""async function f(s){ await /"/.test(s); a /= 2; b = c ? /=x/ : 1; }""", SourceType.Script);

            Assert.Equal(2, parsed.Count(t => t.Kind == TokenKind.RegExpLiteral));
            Assert.DoesNotContain(parsed, t => t.Kind == TokenKind.Punctuator && t.Value is "/");
        }
    }
}
