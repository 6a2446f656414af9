using System.Text;

namespace Telltale.Fuzz.Seeds;

/// <summary>
/// JavaScript and report seeds: the behaviour fixtures of the test suite and the report goldens, embedded
/// in this assembly (copied, so the fuzzer does not read the test project), plus short scripts for the
/// syntax the analysis must survive.
/// </summary>
internal static class TextSeeds
{
    private const string ResourcePrefix = "Telltale.Fuzz.Seeds.";

    private static readonly string[] Scripts =
    [
        "",
        "#!/usr/bin/env node\n'use strict';\nconsole.log(`a${1 + 2}b`, /re[g]/gi, 0x1fn);\n",
        "import os from 'node:os';\nexport const h = os.hostname() === 'ci' ? '\\u200b' : '';\nexport default async function* g() { yield* [h]; }\n",
        "var _0x1=['\\x61\\x62','\\u0063'];(function(a,b){while(--b){a.push(a.shift());}})(_0x1,0x7b);var _0x2=function(i){return _0x1[i-0];};console.log(_0x2('0x0'));\n",
        "const d=s=>s.split('').map(c=>String.fromCharCode(c.charCodeAt(0)^5)).join('');const u=d('mqqpu?**');fetch(u+process.env.HOME);\n",
        "class A { #p = 1; static { this.q = 2; } get x() { return this.#p ?? A.q; } }\nlabel: for (const [k, v] of Object.entries({a: 1})) { if (k) continue label; }\n",
        "const nums = [104, 116, 116, 112, 115, 58, 47, 47, 120, 46, 101, 120, 97, 109, 112, 108, 101];\nconst s = String.fromCharCode(...nums);\n",
        "<!-- html comment\nx = 1 --> 0;\n/* unterminated",
    ];

    public static IEnumerable<byte[]> JavaScript() =>
        Resources("JavaScript.").Concat(Scripts.Select(s => Encoding.UTF8.GetBytes(s)));

    public static IEnumerable<byte[]> Reports() => Resources("Reports.");

    private static IEnumerable<byte[]> Resources(string folder)
    {
        var assembly = typeof(TextSeeds).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix + folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            yield return buffer.ToArray();
        }
    }
}
