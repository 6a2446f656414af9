using System.Text;
using Telltale.Decoding;
using Telltale.Findings;
using Telltale.Harvesting;
using Telltale.Scanning;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class SchemeDetectorTests
{
    private static IReadOnlyList<DetectedScheme> Detect(IReadOnlyList<HarvestedLiteral> literals) => new SchemeDetector(ScanLimits.Default).Detect(literals);

    /// <summary><paramref name="texts"/> hidden as <c>callee(base64(xor(text, key)))</c>, one literal per line of <paramref name="path"/>.</summary>
    private static List<HarvestedLiteral> Hidden(string callee, string[] texts, byte[] key, string path = "package/index.js") =>
        texts.Select((t, i) => Call(callee, Base64(Xor(Utf8(t), key)), path, i + 1)).ToList();

    private static bool IsBase64ToTheDecoder(string literal) =>
        new Base64Decoder().Decode(Encoding.ASCII.GetBytes(literal), ScanLimits.Default).Any();

    private static void AssertScheme(DetectedScheme scheme, string callee, string[] texts, IReadOnlyList<HarvestedLiteral> literals, string[] chain, string keyHex, string keyText)
    {
        var summary = scheme.Summary;
        Assert.Equal(callee, summary.Callee);
        Assert.Equal(chain, summary.Chain);
        Assert.Equal(keyHex, summary.KeyHex);
        Assert.Equal(keyText, summary.KeyText);
        Assert.Equal(texts.Length, summary.LiteralCount);
        Assert.Equal(literals[0].Location, summary.FirstLocation);
        Assert.True(summary.DecodedCount >= texts.Length * 0.95, $"decoded {summary.DecodedCount} of {texts.Length}");
        Assert.Equal(texts.Where((t, i) => scheme.Members[i].Decoded is not null && Utf8(t).Length >= 12).Take(5), summary.Samples);

        Assert.Equal(literals, scheme.Members.Select(m => m.Literal));
        var decoded = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            var result = scheme.Members[i].Decoded;
            if (result is null)
            {
                // Only a literal the base64 layer does not take (e.g. no digit and no padding) may stay undecoded.
                Assert.False(IsBase64ToTheDecoder(literals[i].Value), $"literal {i} is base64 but did not decode");
                continue;
            }

            decoded++;
            Assert.Equal(texts[i], result.Value);
            Assert.Equal(Utf8(texts[i]), result.Bytes);
            Assert.Equal(chain, result.Chain);
        }

        Assert.Equal(summary.DecodedCount, decoded);
    }

    public sealed class TheDetectMethod
    {
        [Theory]
        [InlineData("_$d", "OtD6kq9ZmW2x", 1)]
        [InlineData("q7", "OtD6kq9ZmW2x", 2)]
        [InlineData("_$d", "k3Y!z", 3)]
        [InlineData("_$d", "P@ssw0rd-16-key!", 4)]
        [InlineData(".decode", "ab", 5)]
        public void Recovers_the_key_of_200_xored_base64_literals(string callee, string key, int seed)
        {
            var texts = EnglishStrings(new Random(seed), 200, 10, 60);
            var literals = Hidden(callee, texts, Utf8(key));

            var scheme = Assert.Single(Detect(literals));

            AssertScheme(scheme, callee, texts, literals, ["base64", $"xor key \"{key}\""], Convert.ToHexStringLower(Utf8(key)), key);
        }

        [Fact]
        public void Recovers_a_key_of_unprintable_bytes()
        {
            var random = new Random(6);
            var key = RandomKey(random, 7, printable: false);
            key[0] = 0x01;
            var texts = EnglishStrings(random, 150, 10, 60);
            var literals = Hidden("_0x4f2a", texts, key);

            var scheme = Assert.Single(Detect(literals));

            AssertScheme(scheme, "_0x4f2a", texts, literals, ["base64", $"xor key 0x{Convert.ToHexString(key)}"], Convert.ToHexStringLower(key), "");
        }

        [Theory]
        [InlineData(new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05 })]
        [InlineData(new byte[] { 0x0C, 0x03, 0x0F, 0x08, 0x06, 0x0A, 0x01, 0x0E })]
        public void Recovers_a_key_that_keeps_the_text_printable(byte[] key)
        {
            // Small key bytes turn letters into other letters and spaces into punctuation: clean, but not the text.
            var texts = EnglishStrings(new Random(15), 200, 10, 60);
            var literals = Hidden("_$d", texts, key);

            var scheme = Assert.Single(Detect(literals));

            AssertScheme(scheme, "_$d", texts, literals, ["base64", $"xor key 0x{Convert.ToHexString(key)}"], Convert.ToHexStringLower(key), "");
        }

        [Fact]
        public void Recovers_the_key_behind_hex()
        {
            var random = new Random(7);
            var key = Utf8("hexkey42");
            var texts = EnglishStrings(random, 100, 10, 60);
            var literals = texts.Select((t, i) => Call("h", Hex(Xor(Utf8(t), key)), line: i + 1)).ToList();

            var scheme = Assert.Single(Detect(literals));

            Assert.Equal(["hex", "xor key \"hexkey42\""], scheme.Summary.Chain);
            Assert.Equal(100, scheme.Summary.DecodedCount);
            Assert.Equal(texts, scheme.Members.Select(m => m.Decoded?.Value));
        }

        [Fact]
        public void Needs_twenty_literals()
        {
            var texts = EnglishStrings(new Random(8), 20, 20, 60);
            var literals = Hidden("_$d", texts, Utf8("OtD6kq9ZmW2x"));

            Assert.Empty(Detect(literals.Take(19).ToList()));
            Assert.Equal(20, Assert.Single(Detect(literals)).Summary.LiteralCount);
        }

        [Fact]
        public void Reads_plain_base64_as_a_keyless_scheme()
        {
            var texts = EnglishStrings(new Random(9), 60, 10, 60);
            var literals = texts.Select((t, i) => Call("atob", Base64(Utf8(t)), line: i + 1)).ToList();

            var scheme = Assert.Single(Detect(literals));

            AssertScheme(scheme, "atob", texts, literals, ["base64"], "", "");
        }

        [Fact]
        public void Keeps_literals_of_different_callees_and_files_apart()
        {
            var random = new Random(10);
            var a = EnglishStrings(random, 80, 10, 60);
            var b = EnglishStrings(random, 70, 10, 60);
            var c = EnglishStrings(random, 60, 10, 60);
            var inA = Hidden("_$d", a, Utf8("FirstKey"), "package/a.js");
            var inB = Hidden("_$d", b, Utf8("other-key-123"), "package/b.js");
            var otherCallee = Hidden("q7", c, Utf8("ThirdOne"), "package/a.js");

            // Interleaved, as a bundle would harvest them.
            var all = new List<HarvestedLiteral>();
            for (var i = 0; i < 80; i++)
            {
                all.Add(inA[i]);
                if (i < b.Length)
                {
                    all.Add(inB[i]);
                }

                if (i < c.Length)
                {
                    all.Add(otherCallee[i]);
                }
            }

            var schemes = Detect(all).OrderBy(s => s.Summary.FirstLocation.Path, StringComparer.Ordinal).ThenBy(s => s.Summary.Callee, StringComparer.Ordinal).ToList();

            Assert.Equal(3, schemes.Count);
            AssertScheme(schemes[0], "_$d", a, inA, ["base64", "xor key \"FirstKey\""], Convert.ToHexStringLower(Utf8("FirstKey")), "FirstKey");
            AssertScheme(schemes[1], "q7", c, otherCallee, ["base64", "xor key \"ThirdOne\""], Convert.ToHexStringLower(Utf8("ThirdOne")), "ThirdOne");
            AssertScheme(schemes[2], "_$d", b, inB, ["base64", "xor key \"other-key-123\""], Convert.ToHexStringLower(Utf8("other-key-123")), "other-key-123");
        }

        [Fact]
        public void Finds_no_scheme_in_ordinary_strings_passed_to_one_function()
        {
            var random = new Random(12);
            var sentences = Enumerable.Range(0, 100).Select(i => $"Hello world, {EnglishText(random, random.Next(10, 50))} #{i}").ToList();
            var keys = Enumerable.Range(0, 100).Select(i => $"settings.section{i}.title").ToList();

            Assert.Empty(Detect(sentences.Select((s, i) => Call("t", s, line: i + 1)).ToList()));
            Assert.Empty(Detect(keys.Select((s, i) => Call("i18n.t", s, line: i + 1)).ToList()));
        }

        [Fact]
        public void Ignores_literals_without_a_callee_or_of_another_kind()
        {
            var texts = EnglishStrings(new Random(13), 50, 10, 60);
            var hidden = Hidden("_$d", texts, Utf8("OtD6kq9ZmW2x"));

            Assert.Empty(Detect(hidden.Select(l => l with { Callee = null, Binding = "x" }).ToList()));
            Assert.Empty(Detect(hidden.Select(l => l with { Kind = LiteralKind.JsTemplate }).ToList()));
            Assert.Empty(Detect([]));
        }

        [Fact]
        public void Finds_no_scheme_in_random_base64_blobs()
        {
            var random = new Random(14);
            var blobs = Enumerable.Range(0, 200).Select(i =>
            {
                var bytes = new byte[random.Next(10, 60)];
                random.NextBytes(bytes);
                return Call("_$d", Base64(bytes), line: i + 1);
            }).ToList();

            Assert.Empty(Detect(blobs));
        }
    }
}
