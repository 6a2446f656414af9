using System.Text;
using System.Text.Json;
using Telltale.JavaScript.Sandbox;

namespace Telltale.Tests.JavaScript.Sandbox;

/// <summary>
/// The prelude's byte loops done in .NET (<see cref="SandboxCodecs"/>) give what its script gives, on inputs made to
/// reach every branch (invalid UTF-8, lone surrogates, stray base64 characters, padding in the middle), cost far
/// fewer statements, still count what they do, and stay out of the package's reach.
/// </summary>
public sealed class SandboxCodecsTests
{
    private static readonly JavaScriptSandbox Native = new(JavaScriptSandboxOptions.Default);
    private static readonly JavaScriptSandbox Script = new(JavaScriptSandboxOptions.Default with { ScriptCodecsOnly = true });

    /// <summary>Each takes the JSON text of a string (<c>S</c>) or of a byte array (<c>B</c>) and gives a string.</summary>
    private static readonly string[] TextExpressions =
    [
        "Array.from(Buffer.from(S, 'base64')).join()",
        "Array.from(Buffer.from(S, 'base64url')).join()",
        "Array.from(Buffer.from(S, 'hex')).join()",
        "Array.from(Buffer.from(S)).join()",
        "Array.from(Buffer.from(S, 'latin1')).join()",
        "Array.from(new TextEncoder().encode(S)).join()",
        "Buffer.byteLength(S, 'base64') + '/' + Buffer.byteLength(S)",
        "(() => { try { return atob(S); } catch (e) { return e.name + ': ' + e.message; } })()",
    ];

    private static readonly string[] ByteExpressions =
    [
        "Buffer.from(B).toString()",
        "Buffer.from(B).toString('utf8', 1, B.length - 1)",
        "Buffer.from(B).toString('hex')",
        "Buffer.from(B).toString('base64')",
        "Buffer.from(B).toString('base64url')",
        "Buffer.from(B).toString('latin1')",
        "Buffer.from(B).toString('ascii')",
        "new TextDecoder().decode(new Uint8Array(B))",
        "(() => { try { return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(B)); } catch (e) { return e.name + ': ' + e.message; } })()",
        "btoa(String.fromCharCode.apply(null, B))",
    ];

    [Fact]
    public void Strings_to_bytes_and_atob_give_what_the_script_gives()
    {
        var random = new Random(20261207);
        for (var sample = 0; sample < 150; sample++)
        {
            var input = RandomText(random);
            foreach (var expression in TextExpressions)
            {
                var program = $"var S = {JsonSerializer.Serialize(input)};";
                Assert.Equal(Value(Script.Evaluate(program, expression)), Value(Native.Evaluate(program, expression)));
            }
        }
    }

    [Fact]
    public void Bytes_to_strings_give_what_the_script_gives()
    {
        var random = new Random(7121620);
        for (var sample = 0; sample < 150; sample++)
        {
            var input = RandomBytes(random);
            foreach (var expression in ByteExpressions)
            {
                var program = $"var B = {JsonSerializer.Serialize(input.Select(b => (int)b))};";
                Assert.Equal(Value(Script.Evaluate(program, expression)), Value(Native.Evaluate(program, expression)));
            }
        }
    }

    [Theory]
    [InlineData("Buffer.from([0xe2, 0x82, 0xac]).toString()", "€")]
    [InlineData("Buffer.from([0xed, 0xa0, 0x80, 0x41]).toString()", "\ufffd\ufffd\ufffdA")]
    [InlineData("Buffer.from([0xe2, 0x82]).toString()", "\ufffd")]
    [InlineData("Buffer.from([0xf0, 0x9f, 0x98, 0x80]).toString()", "😀")]
    [InlineData("Buffer.from('aGk=Zm9v', 'base64').toString()", "hi")]
    [InlineData("Buffer.from('a G\\nk', 'base64').toString()", "hi")]
    [InlineData("Buffer.from('\\ud800x').toString('hex')", "efbfbd78")]
    [InlineData("Buffer.from('6869zz41', 'hex').toString()", "hi")]
    [InlineData("(() => { try { return atob('aGk=Zm9v'); } catch (e) { return e.name; } })()", "InvalidCharacterError")]
    [InlineData("(() => { try { return atob('aGk-'); } catch (e) { return e.name; } })()", "InvalidCharacterError")]
    [InlineData("atob(' aG k= ')", "hi")]
    public void Decode_as_node_and_browsers_do(string expression, string expected)
    {
        Assert.Equal("ok " + expected, Value(Native.Evaluate("", expression)));
        Assert.Equal("ok " + expected, Value(Script.Evaluate("", expression)));
    }

    [Fact]
    public void A_decoder_that_decodes_its_alphabet_for_every_character_costs_a_fraction_of_the_script()
    {
        // The shape of qodercli's string table: a base64 loop that decodes its (XOR-encoded) alphabet at each character.
        const string Program = """
            const _$d = (s, k = "OtD6Yb876vjw") => { const b = Buffer.from(s, "base64"); for (let i = 0; i < b.length; i++) b[i] ^= k.charCodeAt(i % k.length); return b.toString(); };
            const alphabet = "LhYnUjwEX19fHAEbIhorRigQS0NDAB0PNg4FdBomfXFxPiM9BDgJeBYyaWVlIj8hGCwdbGlTCgQCQ1xAd01vGWQ=";
            function decode(text) { let out = ""; for (const c of text) out += _$d(alphabet).indexOf(c).toString(36); return out; }
            """;
        var native = SandboxWorkBudget.Unlimited().ForFile(0);
        var script = SandboxWorkBudget.Unlimited().ForFile(0);

        var fast = Native.Evaluate(Program, "decode('WR/dVfSHkW')", native, CancellationToken.None);
        var slow = Script.Evaluate(Program, "decode('WR/dVfSHkW')", script, CancellationToken.None);

        Assert.Equal(Value(slow), Value(fast));
        var nativeStatements = native.Statements - SandboxWorkMeter.EvaluationCost;
        var scriptStatements = script.Statements - SandboxWorkMeter.EvaluationCost;
        Assert.True(nativeStatements * 4 < scriptStatements, $"native {nativeStatements} statements, script {scriptStatements}");
    }

    [Fact]
    public void What_the_codecs_do_is_counted_against_the_statement_limit()
    {
        var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = 20_000 });
        const string Program = "var big = 'QUJD'.repeat(16384);";

        // 100 statements of script, each decoding 64 KiB: charged by size, far past the limit.
        var result = sandbox.Evaluate(Program, "(() => { let n = 0; for (let i = 0; i < 100; i++) n += Buffer.from(big, 'base64').length; return n; })()");

        Assert.False(result.Succeeded);
        Assert.Equal(SandboxResult.StatementLimitError, result.Error);
        Assert.True(sandbox.Evaluate(Program, "Buffer.from(big, 'base64').length").Succeeded);

        // The limit is not an error the package can catch and go on from.
        var caught = sandbox.Evaluate(Program, "(() => { for (;;) { try { for (;;) Buffer.from(big, 'base64'); } catch (e) { } } })()");
        Assert.Equal(SandboxResult.StatementLimitError, caught.Error);
    }

    [Fact]
    public void The_package_never_sees_the_codecs()
    {
        Assert.Equal("ok undefined|false", Value(Native.Evaluate("", "typeof __telltale_codecs + '|' + Object.getOwnPropertyNames(globalThis).includes('__telltale_codecs')")));
        Assert.Equal("ok undefined", Value(Native.Evaluate("var found = typeof __telltale_codecs;", "found")));
    }

    private static string Value(SandboxResult result) => result.Succeeded ? $"ok {result.Value}" : $"failed {result.Error}";

    /// <summary>Base64 and hex characters most of the time, with padding, white space, URL-safe characters, non-ASCII and lone surrogates mixed in.</summary>
    private static string RandomText(Random random)
    {
        const string Common = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var length = random.Next(0, 40);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(10) switch
            {
                < 6 => Common[random.Next(Common.Length)],
                6 => "= \t\n-_"[random.Next(6)],
                7 => "0123456789abcdefABCDEF"[random.Next(22)],
                8 => (char)random.Next(0x80, 0x800),
                _ => (char)random.Next(0xD800, 0xE000),
            });
        }

        return text.ToString();
    }

    /// <summary>Valid UTF-8 sequences cut, reordered or mixed with stray continuation and lead bytes.</summary>
    private static byte[] RandomBytes(Random random)
    {
        var bytes = new List<byte>();
        var pieces = random.Next(1, 12);
        for (var i = 0; i < pieces; i++)
        {
            switch (random.Next(5))
            {
                case 0:
                    bytes.Add((byte)random.Next(0x20, 0x7F));
                    break;
                case 1:
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(random.Next(0x80, 0x10FFFF) is var c && c is >= 0xD800 and < 0xE000 ? 0xFFFD : c)));
                    break;
                case 2:
                    var encoded = Encoding.UTF8.GetBytes(char.ConvertFromUtf32(random.Next(0x800, 0x10000) is var d && d is >= 0xD800 and < 0xE000 ? 0x20AC : d));
                    bytes.AddRange(encoded.Take(random.Next(1, encoded.Length)));
                    break;
                case 3:
                    bytes.Add((byte)random.Next(0x80, 0x100));
                    break;
                default:
                    bytes.AddRange([0xED, (byte)random.Next(0x80, 0xC0), 0x80]);
                    break;
            }
        }

        return [.. bytes];
    }
}
