using System.Text;
using Telltale.Decoding;

namespace Telltale.Tests.Decoding;

/// <summary>
/// The one-pass xor sweep against a naive reference (every key 0..255, xor the indicator, search), on every
/// filter engine this machine runs, on random data with planted hits.
/// </summary>
public sealed class XorSweepTests
{
    private static readonly string[] Realistic =
    [
        "Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "Asia/Hong_Kong", "Europe/Moscow",
        "deepseek", "api.deepseek.com", "moonshot", "zhipu", "baichuan", "minimax", "dashscope",
        "dashscope.aliyuncs.com", "ANTHROPIC_BASE_URL", "OPENAI_BASE_URL", "HTTPS_PROXY", "HTTP_PROXY",
        "api.anthropic.com", "ip-api.com", "ipinfo.io", "ipapi.co", "ifconfig.me", "China Standard Time",
    ];

    /// <summary>Every engine this machine can run, as names (the enum is internal).</summary>
    public static TheoryData<string> Engines()
    {
        var engines = new TheoryData<string>();
        foreach (var engine in Enum.GetValues<XorSweepEngine>())
        {
            if (engine != XorSweepEngine.Auto && XorSweep.IsSupported(engine))
            {
                engines.Add(engine.ToString());
            }
        }

        return engines;
    }

    private static XorSweep Sweep(IEnumerable<string> indicators, XorSweepOptions? options, string engine) =>
        new(indicators, options, Enum.Parse<XorSweepEngine>(engine));

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static void Plant(byte[] data, int offset, string indicator, byte key)
    {
        for (var j = 0; j < indicator.Length; j++)
        {
            data[offset + j] = (byte)(indicator[j] ^ key);
        }
    }

    private static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    /// <summary>The definition, spelled out: every key, every offset, every indicator.</summary>
    private static List<XorSweepHit> Naive(byte[] data, IEnumerable<string> indicators, XorSweepOptions options)
    {
        var comparer = options.IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var distinct = new List<string>();
        foreach (var indicator in indicators)
        {
            if (!distinct.Contains(indicator, comparer))
            {
                distinct.Add(indicator);
            }
        }

        var hits = new List<XorSweepHit>();
        foreach (var indicator in distinct)
        {
            if (options.IgnoreCase)
            {
                AddIgnoringCase(data, indicator, options, hits);
                continue;
            }

            var allLetters = indicator.All(IsLetter);
            for (var key = 0; key < 256; key++)
            {
                if ((key == 0 && !options.IncludePlain) || (key == 0x20 && options.IgnoreCaseFlip && allLetters))
                {
                    continue;
                }

                var hidden = indicator.Select(c => (byte)(c ^ key)).ToArray();
                for (var offset = data.AsSpan().IndexOf(hidden); offset >= 0;)
                {
                    hits.Add(new XorSweepHit(offset, (byte)key, indicator));
                    var next = data.AsSpan(offset + 1).IndexOf(hidden);
                    offset = next < 0 ? -1 : offset + 1 + next;
                }
            }
        }

        return [.. hits.OrderBy(h => h.Offset).ThenBy(h => h.Indicator, StringComparer.Ordinal)];
    }

    /// <summary>Case-blind: every offset, every key; a hit whose valid keys include 0 is plain text in some case.</summary>
    private static void AddIgnoringCase(byte[] data, string indicator, XorSweepOptions options, List<XorSweepHit> hits)
    {
        for (var offset = 0; offset + indicator.Length <= data.Length; offset++)
        {
            var valid = new List<byte>();
            for (var key = 0; key < 256; key++)
            {
                var ok = true;
                for (var j = 0; j < indicator.Length && ok; j++)
                {
                    var decoded = (char)(data[offset + j] ^ key);
                    ok = decoded == indicator[j] || (IsLetter(indicator[j]) && char.ToLowerInvariant(decoded) == char.ToLowerInvariant(indicator[j]));
                }

                if (ok)
                {
                    valid.Add((byte)key);
                }
            }

            if (valid.Count == 0)
            {
                continue;
            }

            if (valid.Contains(0))
            {
                if (options.IncludePlain)
                {
                    hits.Add(new XorSweepHit(offset, 0, indicator));
                }

                continue;
            }

            // The key that decodes the first character exactly as written, if there is one.
            var asWritten = valid.Where(k => (data[offset] ^ k) == indicator[0]).ToList();
            hits.Add(new XorSweepHit(offset, asWritten.Count > 0 ? asWritten[0] : valid[0], indicator));
        }
    }

    private static void AssertSameHits(IReadOnlyList<XorSweepHit> expected, IReadOnlyList<XorSweepHit> actual, string context)
    {
        if (!expected.SequenceEqual(actual))
        {
            var missing = expected.Except(actual).Take(5);
            var extra = actual.Except(expected).Take(5);
            Assert.Fail($"{context}: expected {expected.Count} hits, got {actual.Count}; missing [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}]");
        }
    }

    /// <summary>Random indicators over a few letters and punctuation, so they overlap, share prefixes and collide in the filter.</summary>
    private static string[] RandomIndicators(Random random, int count, string alphabet, int maxLength)
    {
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            var chars = new char[random.Next(XorSweep.MinIndicatorLength, maxLength + 1)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            result[i] = new string(chars);
        }

        return result;
    }

    /// <summary>Random bytes, or random text from the indicators' alphabet, with indicators planted under random keys (some overlapping).</summary>
    private static byte[] RandomData(Random random, int length, string[] indicators, int plants, string? alphabet)
    {
        var data = new byte[length];
        if (alphabet is null)
        {
            random.NextBytes(data);
        }
        else
        {
            var key = (byte)random.Next(256);
            for (var i = 0; i < length; i++)
            {
                data[i] = (byte)(alphabet[random.Next(alphabet.Length)] ^ key);
            }
        }

        for (var p = 0; p < plants; p++)
        {
            var indicator = indicators[random.Next(indicators.Length)];
            if (indicator.Length > length)
            {
                continue;
            }

            // Mostly anywhere, sometimes flush with the start or the end.
            var offset = random.Next(4) switch
            {
                0 => 0,
                1 => length - indicator.Length,
                _ => random.Next(length - indicator.Length + 1),
            };
            var key = random.Next(8) switch
            {
                0 => 0,
                1 => 0x20,
                _ => random.Next(256),
            };
            Plant(data, offset, indicator, (byte)key);
        }

        return data;
    }

    public sealed class TheConstructor
    {
        [Theory]
        [InlineData("abc")]
        [InlineData("")]
        [InlineData("Asia/Ürümqi")]
        [InlineData("深度求索deepseek")]
        public void Rejects_short_or_non_ascii_indicators(string indicator)
        {
            Assert.Throws<ArgumentException>(() => new XorSweep(["deepseek", indicator]));
        }

        [Fact]
        public void Rejects_null()
        {
            Assert.Throws<ArgumentNullException>(() => new XorSweep(null!));
            Assert.Throws<ArgumentException>(() => new XorSweep(["deepseek", null!]));
        }

        [Fact]
        public void Accepts_four_bytes_and_control_characters()
        {
            var sweep = new XorSweep(["qwen", "a\tb\u0001c\u007f"]);

            Assert.Equal(["qwen", "a\tb\u0001c\u007f"], sweep.Indicators);
        }

        [Fact]
        public void Merges_duplicates_keeping_the_first_and_the_order()
        {
            Assert.Equal(["moonshot", "deepseek", "DeepSeek"], new XorSweep(["moonshot", "deepseek", "moonshot", "DeepSeek"]).Indicators);
            Assert.Equal(["moonshot", "deepseek"], new XorSweep(["moonshot", "deepseek", "DeepSeek"], new XorSweepOptions { IgnoreCase = true }).Indicators);
        }

        [Fact]
        public void With_no_indicators_finds_nothing()
        {
            var sweep = new XorSweep([]);

            Assert.Empty(sweep.Scan(new byte[1000]));
            Assert.Empty(sweep.Scan(new MemoryStream(new byte[1000])));
        }

        [Fact]
        public void Picks_an_engine_this_machine_runs()
        {
            Assert.True(XorSweep.IsSupported(new XorSweep(["deepseek"]).Engine));
        }
    }

    public sealed class TheScanMethod
    {
        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Finds_an_indicator_under_every_key(string engine)
        {
            var sweep = Sweep(["Asia/Shanghai"], new XorSweepOptions { IncludePlain = true }, engine);
            var random = new Random(1);
            for (var key = 0; key < 256; key++)
            {
                var data = new byte[200];
                random.NextBytes(data);
                Plant(data, 77, "Asia/Shanghai", (byte)key);

                var hits = sweep.Scan(data);

                Assert.Contains(new XorSweepHit(77, (byte)key, "Asia/Shanghai"), hits);
            }
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Reports_plain_text_only_when_asked(string engine)
        {
            var data = Ascii("const tz = \"Asia/Shanghai\";");

            Assert.Empty(Sweep(["Asia/Shanghai"], null, engine).Scan(data));
            Assert.Equal([new XorSweepHit(12, 0, "Asia/Shanghai")], Sweep(["Asia/Shanghai"], new XorSweepOptions { IncludePlain = true }, engine).Scan(data));
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Ignores_a_case_flip_of_an_all_letter_indicator_unless_asked(string engine)
        {
            var data = Ascii("model: DEEPSEEK, zone: aSIA\u000fsHANGHAI");
            var indicators = new[] { "deepseek", "Asia/Shanghai" };

            // 0x20 turns '/' into 0x0F: that one is hiding; "DEEPSEEK" is only upper case.
            Assert.Equal([new XorSweepHit(23, 0x20, "Asia/Shanghai")], Sweep(indicators, null, engine).Scan(data));
            Assert.Equal(
                [new XorSweepHit(7, 0x20, "deepseek"), new XorSweepHit(23, 0x20, "Asia/Shanghai")],
                Sweep(indicators, new XorSweepOptions { IgnoreCaseFlip = false }, engine).Scan(data));
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Finds_hits_at_the_very_start_and_end(string engine)
        {
            var sweep = Sweep(["zhipu", "moonshot"], null, engine);
            for (var length = 5; length < 300; length++)
            {
                var data = new byte[length];
                Plant(data, 0, "zhipu", 0x5A);
                if (length >= 13)
                {
                    Plant(data, length - 8, "moonshot", 0xA5);
                }

                var expected = new List<XorSweepHit> { new(0, 0x5A, "zhipu") };
                if (length >= 13)
                {
                    expected.Add(new XorSweepHit(length - 8, 0xA5, "moonshot"));
                }

                AssertSameHits(expected, sweep.Scan(data), $"length {length}");
            }
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Finds_overlapping_hits(string engine)
        {
            var sweep = Sweep(["aaaa", "dashscope", "dashscope.aliyuncs.com", "scope.ali"], null, engine);
            var data = new byte[64];
            new Random(2).NextBytes(data); // not zeros: "aaaa" ^ 0x61 is four zero bytes
            Plant(data, 1, "aaaaaaa", 0x11);
            Plant(data, 20, "dashscope.aliyuncs.com", 0x42);

            Assert.Equal(
                [
                    new XorSweepHit(1, 0x11, "aaaa"), new XorSweepHit(2, 0x11, "aaaa"),
                    new XorSweepHit(3, 0x11, "aaaa"), new XorSweepHit(4, 0x11, "aaaa"),
                    new XorSweepHit(20, 0x42, "dashscope"), new XorSweepHit(20, 0x42, "dashscope.aliyuncs.com"),
                    new XorSweepHit(24, 0x42, "scope.ali"),
                ],
                sweep.Scan(data));
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Finds_two_indicators_at_one_offset_under_different_keys(string engine)
        {
            // "abcd" and "ABCD" (and "!\"#$", which is "abcd" ^ 0x40) transform alike, so they share a filter group.
            var sweep = Sweep(["abcd", "ABCD", "!\"#$"], new XorSweepOptions { IgnoreCaseFlip = false }, engine);
            var data = new byte[40];
            Plant(data, 10, "abcd", 0x07);

            Assert.Equal(
                [new XorSweepHit(10, 0x47, "!\"#$"), new XorSweepHit(10, 0x27, "ABCD"), new XorSweepHit(10, 0x07, "abcd")],
                sweep.Scan(data));
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Finds_nothing_in_data_shorter_than_an_indicator(string engine)
        {
            var sweep = Sweep(["Asia/Shanghai", "zhipu"], new XorSweepOptions { IncludePlain = true }, engine);

            Assert.Empty(sweep.Scan([]));
            Assert.Empty(sweep.Scan(Ascii("zhi")));
            Assert.Empty(sweep.Scan(Ascii("zhip")));
            Assert.Single(sweep.Scan(Ascii("zhipu")));
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Matches_the_naive_reference_on_random_bytes(string engine)
        {
            var random = new Random(20240611);
            for (var round = 0; round < 60; round++)
            {
                var indicators = round % 2 == 0 ? Realistic : RandomIndicators(random, random.Next(1, 60), "abcdefghij./_-ABC", 24);
                var options = new XorSweepOptions { IncludePlain = round % 3 == 0, IgnoreCaseFlip = round % 4 != 1 };
                var data = RandomData(random, random.Next(0, 700), indicators, random.Next(0, 12), alphabet: null);

                AssertSameHits(Naive(data, indicators, options), Sweep(indicators, options, engine).Scan(data), $"round {round}");
            }
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Matches_the_naive_reference_on_text_full_of_near_misses(string engine)
        {
            // Data and indicators from one tiny alphabet: every position is a filter candidate, most fail late.
            var random = new Random(7);
            for (var round = 0; round < 60; round++)
            {
                var alphabet = round % 3 == 0 ? "ab" : round % 3 == 1 ? "abA." : "xyzXYZ/_";
                var indicators = RandomIndicators(random, random.Next(1, 40), alphabet, random.Next(4, 12));
                var options = new XorSweepOptions { IncludePlain = round % 2 == 0, IgnoreCaseFlip = round % 5 != 0 };
                var data = RandomData(random, random.Next(0, 500), indicators, random.Next(0, 8), alphabet);

                AssertSameHits(Naive(data, indicators, options), Sweep(indicators, options, engine).Scan(data), $"round {round}");
            }
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Matches_the_naive_reference_ignoring_case(string engine)
        {
            var random = new Random(99);
            for (var round = 0; round < 50; round++)
            {
                var alphabet = round % 2 == 0 ? "aBcD./" : "abAB";
                var indicators = round % 5 == 0 ? Realistic : RandomIndicators(random, random.Next(1, 20), alphabet, 10);
                var options = new XorSweepOptions { IgnoreCase = true, IncludePlain = round % 3 == 0, IgnoreCaseFlip = round % 2 == 0 };
                var data = RandomData(random, random.Next(0, 400), indicators, random.Next(0, 8), round % 5 == 0 ? null : alphabet);

                // Flip the case of some planted letters after the fact (a letter's case bit is 0x20 after any key).
                for (var i = 0; i < data.Length; i++)
                {
                    if (random.Next(4) == 0)
                    {
                        data[i] ^= 0x20;
                    }
                }

                AssertSameHits(Naive(data, indicators, options), Sweep(indicators, options, engine).Scan(data), $"round {round}");
            }
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Ignoring_case_finds_any_casing_under_any_key(string engine)
        {
            var sweep = Sweep(["Asia/Shanghai", "deepseek"], new XorSweepOptions { IgnoreCase = true }, engine);
            var data = new byte[100];
            Plant(data, 3, "ASIA/shangHAI", 0x33);
            Plant(data, 40, "DeepSeek", 0x00);
            Plant(data, 60, "DEEPSEEK", 0x20); // plain "deepseek" in the end: not hidden
            Plant(data, 80, "DEEPSEEK", 0x99);

            Assert.Equal(
                [new XorSweepHit(3, 0x33, "Asia/Shanghai"), new XorSweepHit(80, 0xB9, "deepseek")],
                sweep.Scan(data));
        }

        [Theory]
        [MemberData(nameof(Engines), MemberType = typeof(XorSweepTests))]
        public void Matches_the_naive_reference_on_large_data(string engine)
        {
            // Larger than any vector step or stream chunk, with hits on both sides of every 64-byte boundary.
            var random = new Random(5);
            var indicators = Realistic;
            var data = RandomData(random, 200_000, indicators, 0, alphabet: null);
            var expected = new List<XorSweepHit>();
            for (var boundary = 64; boundary + 64 < data.Length; boundary += 64 * 37)
            {
                var indicator = indicators[random.Next(indicators.Length)];
                var offset = boundary - random.Next(1, indicator.Length);
                var key = (byte)random.Next(1, 256);
                Plant(data, offset, indicator, key);
            }

            var naive = Naive(data, indicators, XorSweepOptions.Default);
            Assert.True(naive.Count > 80);
            AssertSameHits(naive, Sweep(indicators, null, engine).Scan(data), engine);
        }

        [Fact]
        public void Is_safe_to_share_between_threads()
        {
            var random = new Random(3);
            var sweep = new XorSweep(Realistic);
            var inputs = Enumerable.Range(0, 16).Select(_ => RandomData(random, 50_000, Realistic, 30, alphabet: null)).ToArray();
            var expected = inputs.Select(d => sweep.Scan(d)).ToArray();

            Parallel.For(0, 64, i => AssertSameHits(expected[i % 16], sweep.Scan(inputs[i % 16]), $"input {i % 16}"));
        }
    }

    public sealed class TheScanStreamMethod
    {
        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(17)]
        [InlineData(64)]
        [InlineData(1000)]
        [InlineData(1 << 16)]
        public void Matches_the_span_scan_across_chunk_borders(int chunkBytes)
        {
            var random = new Random(chunkBytes);
            var sweep = new XorSweep(Realistic, new XorSweepOptions { IncludePlain = true });
            for (var round = 0; round < 20; round++)
            {
                var data = RandomData(random, random.Next(0, 5000), Realistic, random.Next(0, 40), alphabet: null);

                AssertSameHits(sweep.Scan(data), sweep.Scan(new MemoryStream(data), chunkBytes), $"round {round}");
            }
        }

        [Fact]
        public void Finds_a_hit_straddling_each_position_of_a_chunk_border()
        {
            var sweep = new XorSweep(["ANTHROPIC_BASE_URL"]);
            for (var offset = 80; offset <= 100; offset++)
            {
                var data = new byte[300];
                Plant(data, offset, "ANTHROPIC_BASE_URL", 0x3C);

                Assert.Equal([new XorSweepHit(offset, 0x3C, "ANTHROPIC_BASE_URL")], sweep.Scan(new MemoryStream(data), 90));
            }
        }

        [Fact]
        public void Scans_a_stream_that_returns_few_bytes_per_read()
        {
            var random = new Random(11);
            var data = RandomData(random, 20_000, Realistic, 50, alphabet: null);
            var sweep = new XorSweep(Realistic);

            AssertSameHits(sweep.Scan(data), sweep.Scan(new TrickleStream(data), 256), "trickle");
            AssertSameHits(sweep.Scan(data), sweep.Scan(new TrickleStream(data)), "trickle, default chunk");
        }

        /// <summary>Returns at most 7 bytes per read, like a slow pipe.</summary>
        private sealed class TrickleStream(byte[] data) : MemoryStream(data)
        {
            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7));

            public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 7)]);
        }
    }
}
