using System.Text;

namespace Telltale.Fuzz.Mutation;

/// <summary>
/// Edits JavaScript as text at token and line level: deep nesting, long strings, unusual Unicode, repeated
/// lines, huge numbers, snippets of the code shapes the analysis looks for, and lines spliced from other
/// inputs. One edit in ten is a raw byte edit, for invalid UTF-8 and broken tokens.
/// </summary>
public sealed class JavaScriptMutator : IMutator
{
    private readonly ByteMutator _bytes = new();

    private static readonly string[] Openers = ["(", "[", "{", "a=>", "-", "!", "f(", "x?", "`${", "function(){return ", "new ", "[...", "{a:"];

    private static readonly string[] Unicode =
    [
        "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u2019", "\u201C", "\u201D", "\u0430", "\u0435", "\u043E",
        "\u202E", "\u2028", "\u2029", "\u0000", "\uD800", "\uDC00", "\U0001D4B3", "\u0301\u0301\u0301", "\\u{10FFFF}", "\\uD800",
        "\u00A0", "\u3000", "ｆｅｔｃｈ",
    ];

    private static readonly string[] Numbers =
    [
        "1e309", "-0", "0x" + new string('f', 40), "123456789012345678901234567890n", "9007199254740993", "0b" + new string('1', 100),
        "0o777777777777777777777", "4294967296", "-2147483649", "NaN", "1_000_000", ".0000000000000000000000001", "1e-400", "0xFFFFFFFFFFFFFFFFn",
    ];

    private static readonly string[] Snippets =
    [
        "process.env.API_URL", "process.env[\"X\" + k]", "=== \"https://x.example\" ? \"\u2019\" : \"'\"", "require(\"os\").hostname()",
        "new URL(u).hostname", "fetch(u,{method:\"POST\",body:JSON.stringify({t:x})})", "atob(\"aGVsbG8=\")",
        "String.fromCharCode(...[104,105].map(c=>c^7))", "Intl.DateTimeFormat().resolvedOptions().timeZone", "s.replace(/'/g, \"\u2019\")",
        "new Set([\"a.example\",\"b.example\"]).has(h)", "function d(s){return d(s)}", "d(\"x\")", "while(true){}", "for(;;){x+=x}",
        "(function f(){return f()})()", "eval(\"1\")", "new Function(\"return 1\")", "x.headers[\"x-tag\"]=t", "console.log(t)",
        "const k=(a)=>a.split(\"\").reverse().join(\"\")", "k(\"olleh\")", "class A extends B{constructor(){super();this.x=1}}",
        "async function*g(){yield* g()}", "import(\"x\")", "export default x", "label: for(;;) break label;", "/(a+)+$/.test(s)",
        "`${a}${b}`", "x ??= y", "a?.b?.[c]?.(d)", "#!/usr/bin/env node\n", "/*", "*/", "<!--", "-->",
    ];

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus, Random random, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(random);
        if (random.Next(10) == 0)
        {
            return _bytes.Mutate(input, corpus, random, maxBytes);
        }

        var text = new StringBuilder(Encoding.UTF8.GetString(input));
        var edits = 1 + random.Next(3);
        for (var i = 0; i < edits; i++)
        {
            Apply(text, corpus, random);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return bytes.Length <= maxBytes ? bytes : bytes[..maxBytes];
    }

    private static void Apply(StringBuilder text, IReadOnlyList<byte[]> corpus, Random random)
    {
        var at = Boundary(text, random);
        switch (random.Next(10))
        {
            case 0:
                {
                    var depth = random.Next(4) switch { 0 => 10, 1 => 100, 2 => 1000, _ => random.Next(2) == 0 ? 5000 : 20000 };
                    var opener = Openers[random.Next(Openers.Length)];
                    var closer = Closer(opener);
                    var nested = new StringBuilder((opener.Length + closer.Length) * depth + 1);
                    nested.Insert(0, opener, depth).Append('1');
                    for (var k = 0; k < depth; k++)
                    {
                        nested.Append(closer);
                    }

                    text.Insert(at, nested.ToString());
                    break;
                }

            case 1:
                {
                    var length = random.Next(3) switch { 0 => 1024, 1 => 65536, _ => 1 << 20 };
                    var unit = random.Next(4) switch { 0 => "a", 1 => "\\x41", 2 => "\u2019", _ => "\\u200b" };
                    var quote = random.Next(3) switch { 0 => "\"", 1 => "'", _ => "`" };
                    text.Insert(at, quote + new StringBuilder().Insert(0, unit, length / unit.Length) + quote);
                    break;
                }

            case 2:
                text.Insert(at, Unicode[random.Next(Unicode.Length)]);
                break;
            case 3:
                RepeatLine(text, random);
                break;
            case 4:
                ReplaceNumber(text, random, at);
                break;
            case 5:
                text.Insert(at, Snippets[random.Next(Snippets.Length)]);
                break;
            case 6:
                {
                    var length = Math.Min(text.Length - at, 1 + random.Next(random.Next(2) == 0 ? 8 : 400));
                    text.Remove(at, length);
                    break;
                }

            case 7:
                {
                    var length = Math.Min(text.Length - at, 1 + random.Next(200));
                    var chunk = text.ToString(at, length);
                    text.Insert(Boundary(text, random), chunk);
                    break;
                }

            case 8:
                SpliceLines(text, corpus, random, at);
                break;
            default:
                text.Insert(at, random.Next(4) switch { 0 => ";", 1 => "\n", 2 => "}", _ => ")" });
                break;
        }
    }

    private static string Closer(string opener) => opener switch
    {
        "(" or "f(" => ")",
        "[" or "[..." => "]",
        "{" or "{a:" => "}",
        "x?" => ":0",
        "`${" => "}`",
        "function(){return " => "}",
        _ => "",
    };

    /// <summary>A position just after a token separator when one is near, so insertions land between tokens.</summary>
    private static int Boundary(StringBuilder text, Random random)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var at = random.Next(text.Length + 1);
        for (var k = at; k < Math.Min(text.Length, at + 64); k++)
        {
            if (text[k] is ';' or '\n' or ',' or '(' or '{' or '[' or ' ' or '=')
            {
                return k + 1;
            }
        }

        return at;
    }

    private static (int Start, int End) LineAt(StringBuilder text, int position)
    {
        var start = position;
        while (start > 0 && text[start - 1] != '\n')
        {
            start--;
        }

        var end = position;
        while (end < text.Length && text[end] != '\n')
        {
            end++;
        }

        return (start, Math.Min(text.Length, end + 1));
    }

    private static void RepeatLine(StringBuilder text, Random random)
    {
        if (text.Length == 0)
        {
            return;
        }

        var (start, end) = LineAt(text, random.Next(text.Length));
        var line = text.ToString(start, end - start);
        if (!line.EndsWith('\n'))
        {
            line += "\n";
        }

        var times = random.Next(4) switch { 0 => 2, 1 => 10, 2 => 100, _ => 1000 };
        if ((long)line.Length * times > 4 << 20)
        {
            times = Math.Max(1, (4 << 20) / line.Length);
        }

        text.Insert(end, line, times);
    }

    private static void ReplaceNumber(StringBuilder text, Random random, int from)
    {
        var number = Numbers[random.Next(Numbers.Length)];
        for (var k = from; k < Math.Min(text.Length, from + 2048); k++)
        {
            if (char.IsAsciiDigit(text[k]))
            {
                var end = k;
                while (end < text.Length && char.IsAsciiLetterOrDigit(text[end]))
                {
                    end++;
                }

                text.Remove(k, end - k).Insert(k, number);
                return;
            }
        }

        text.Insert(from, number);
    }

    private static void SpliceLines(StringBuilder text, IReadOnlyList<byte[]> corpus, Random random, int at)
    {
        if (corpus.Count == 0)
        {
            return;
        }

        var other = Encoding.UTF8.GetString(corpus[random.Next(corpus.Count)]);
        var lines = other.Split('\n');
        var first = random.Next(lines.Length);
        var count = Math.Min(lines.Length - first, 1 + random.Next(20));
        text.Insert(at, string.Join('\n', lines, first, count) + "\n");
    }
}
