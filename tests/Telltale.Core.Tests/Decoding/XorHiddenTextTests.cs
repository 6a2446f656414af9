using System.Text;
using Telltale.Artifacts;
using Telltale.Decoding;
using Telltale.Findings;
using Telltale.Rules;
using Telltale.Scanning;
using Telltale.Tests.Artifacts;
using static Telltale.Tests.Artifacts.Native.NativeSyntheticImages;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

/// <summary>
/// Raw xor hits read in their surroundings: only a run of text hidden under the hit's key is reported, never six
/// bytes of a debug section, a tokenizer's rank column or a number table that some key turns into an indicator.
/// </summary>
public sealed class XorHiddenTextTests
{
    private static readonly XorSweep Sweep = new(SweepTerms());

    /// <summary>The indicators the scanner sweeps for with the default rules.</summary>
    private static string[] SweepTerms()
    {
        var options = new ScanOptions();
        return [.. new RuleEngine(RulePackLoader.LoadDefault()).Indicators.AllTerms
            .Where(t => t.Length >= options.MinSweepIndicatorLength && t.All(char.IsAscii) && t.Distinct().Count() >= options.MinSweepIndicatorDistinctChars)];
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Noise(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A tiktoken vocabulary: base64 token, space, rank. Rank 19751 under xor 0x58 reads "xiaomi".</summary>
    private static byte[] TokenizerRanks(int first, int count)
    {
        var text = new StringBuilder();
        var random = new Random(first);
        for (var rank = first; rank < first + count; rank++)
        {
            var token = new byte[random.Next(2, 7)];
            random.NextBytes(token);
            text.Append(Convert.ToBase64String(token)).Append(' ').Append(rank).Append('\n');
        }

        return Ascii(text.ToString());
    }

    /// <summary>What <c>.debug_str</c> holds: identifiers, paths and mangled names, each ending in a zero byte.</summary>
    private static byte[] DebugStrings()
    {
        string[] names =
        [
            "_ZN4core3fmt9Formatter9write_str17h2c1f0a9b3d4e5f60E", "/rustc/17067e9ac6d7e98f18d4b2b3b0b1f0a9/library/core/src/fmt/mod.rs",
            "reserve_for_push", "alloc::raw_vec::RawVec<T,A>", "tokenizer_ranks", "DW_ATE_unsigned", "operator()", "__cxx_global_var_init",
            "std::__1::basic_string<char, std::__1::char_traits<char>, std::__1::allocator<char> >", "GCC: (GNU) 13.2.0",
        ];
        var stream = new MemoryStream();
        for (var i = 0; i < 40; i++)
        {
            stream.Write(Ascii(names[i % names.Length]));
            stream.WriteByte(0);
        }

        return stream.ToArray();
    }

    private static ScanReport ScanFile(string name, byte[] content)
    {
        using var temp = new TempDirectory();
        var path = temp.Write(name, content);
        return new Scanner(new ScanOptions(), new TargetResolver())
            .ScanResolved(new ResolvedTarget(name, null, path, ArtifactHasher.HashFile(path), "file"));
    }

    private static string Describe(ScanReport report) =>
        string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Severity} {f.Title} {f.Location} {f.Evidence.Decoded}"));

    public sealed class InAnExecutable
    {
        [Fact]
        public void An_accidental_hit_in_debug_str_is_not_reported()
        {
            // A rank column, as a vocabulary compiled into a library leaves in its strings, with "xiaomi" under xor
            // 0x58 in " 19751", and text that some key turns into a whole hidden-looking list: neither is hidden text
            // in .debug_str, whatever the bytes say under a key.
            var planted = Xor(Ascii("cdn.xiaomi.com,api.deepseek.com,dashscope.aliyuncs.com"), 0x07);
            var debugStr = DebugStrings().Concat(TokenizerRanks(19740, 20)).Concat(planted).Concat(DebugStrings()).ToArray();
            Assert.Contains(Sweep.Scan(debugStr), h => h.Indicator == "xiaomi" && h.Key == 0x58);
            var elf = Elf(wide: true, bigEndian: false, [],
            [
                new ElfSection(".text", ElfSectionProgBits, [0xC3, 0x90, 0x90, 0x90]),
                new ElfSection(".debug_str", ElfSectionProgBits, debugStr),
            ]);

            var report = ScanFile("libtokenizer.so", elf);

            Assert.DoesNotContain(report.Findings, f => f.RuleId == "TT1101");
        }

        [Fact]
        public void A_domain_list_hidden_in_rodata_is_reported_once_with_the_list()
        {
            const string list = "api.deepseek.com,api.moonshot.cn,open.bigmodel.cn,dashscope.aliyuncs.com";
            var rodata = Noise(3, 300).Concat(Xor(Ascii(list), 0x5B)).Append((byte)0x5B).Concat(Noise(4, 300)).ToArray();
            var elf = Elf(wide: true, bigEndian: false, [],
            [
                new ElfSection(".text", ElfSectionProgBits, [0xC3, 0x90, 0x90, 0x90]),
                new ElfSection(".rodata", ElfSectionProgBits, rodata),
                new ElfSection(".debug_str", ElfSectionProgBits, DebugStrings()),
            ]);

            var report = ScanFile("libagent.so", elf);

            var finding = Assert.Single(report.Findings, f => f.RuleId == "TT1101");
            Assert.Equal(Severity.High, finding.Severity);
            Assert.Equal(list, finding.Evidence.Decoded);
            Assert.Equal(["xor 0x5B"], finding.Evidence.Chain);
            Assert.Equal(4, finding.Items.Count);
            Assert.True(finding.Occurrences >= 4, Describe(report));
        }

        [Fact]
        public void The_same_list_in_debug_str_is_left_out_by_its_section()
        {
            const string list = "api.deepseek.com,api.moonshot.cn,open.bigmodel.cn,dashscope.aliyuncs.com";
            var hidden = Xor(Ascii(list), 0x5B);
            var elf = Elf(wide: true, bigEndian: false, [],
            [
                new ElfSection(".text", ElfSectionProgBits, [0xC3, 0x90, 0x90, 0x90]),
                new ElfSection(".debug_str", ElfSectionProgBits, [.. DebugStrings(), .. hidden, 0x5B, .. DebugStrings()]),
            ]);

            var report = ScanFile("libagent.so", elf);

            Assert.DoesNotContain(report.Findings, f => f.RuleId == "TT1101");
        }
    }

    public sealed class TheJudgeMethod
    {
        [Fact]
        public void Says_why_a_tokenizer_rank_is_not_hidden_text()
        {
            var data = TokenizerRanks(19700, 100);

            var hit = Assert.Single(Sweep.Scan(data), h => h.Indicator == "xiaomi");

            Assert.Equal(0x58, hit.Key);
            Assert.NotEqual(XorHitVerdict.Hidden, XorHiddenText.Judge(data, hit));
            Assert.Empty(XorHiddenText.Read(data, [hit]));
        }

        [Fact]
        public void Leaves_out_a_hit_in_an_excluded_region()
        {
            var data = Xor(Ascii("deepseek,moonshot,minimax,zhipu,bigmodel"), 0x33);
            var hit = Sweep.Scan(data)[0];

            Assert.Equal(XorHitVerdict.Hidden, XorHiddenText.Judge(data, hit));
            Assert.Equal(XorHitVerdict.ExcludedRegion, XorHiddenText.Judge(data, hit, _ => true));
        }

        [Fact]
        public void Leaves_out_a_lone_indicator_among_bytes_that_are_not_text()
        {
            var data = Noise(5, 200).Concat(Xor(Ascii("dashscope"), 0x5A)).Concat(Noise(6, 200)).ToArray();
            var hit = Assert.Single(Sweep.Scan(data), h => h.Indicator == "dashscope");

            Assert.Equal(XorHitVerdict.NoTextAround, XorHiddenText.Judge(data, hit));
        }

        [Fact]
        public void Leaves_out_a_table_of_binary_numbers()
        {
            // Little-endian 32-bit integers below 2^16, and eight bytes among them that xor 0x4C turns into
            // "moonshot". Under that key the table's zero bytes read 'L' and its low bytes letters: a long run of
            // "text" whose columns give it away.
            var data = new byte[400];
            var random = new Random(9);
            for (var i = 0; i < data.Length; i += 4)
            {
                data[i] = (byte)random.Next(0x20, 0x30);
                data[i + 1] = (byte)random.Next(0, 0x20);
            }

            Xor(Ascii("moonshot"), 0x4C).CopyTo(data, 200);
            var hit = Assert.Single(Sweep.Scan(data), h => h.Indicator == "moonshot");

            Assert.Equal(XorHitVerdict.NumberTable, XorHiddenText.Judge(data, hit));
        }

        [Fact]
        public void Leaves_out_identifiers_that_a_small_key_turns_into_an_indicator()
        {
            // Identifiers in a string table: "lnnorinu" is "moonshot" under xor 0x01, and its neighbours stay letters.
            var data = Ascii("readConfigurationFile lnnorinuHandler parseArgumentsAndOptions writeOutputBuffer");
            var hit = Assert.Single(Sweep.Scan(data), h => h.Indicator == "moonshot");

            Assert.Equal(0x01, hit.Key);
            Assert.NotEqual(XorHitVerdict.Hidden, XorHiddenText.Judge(data, hit));
        }
    }

    public sealed class TheReadMethod
    {
        [Fact]
        public void Makes_one_run_of_a_hidden_list_with_every_hit_in_it()
        {
            const string list = "cn,sankuai.example,netease.example,deepseek,moonshot,dashscope,minimax,bigmodel";
            var data = Noise(7, 100).Concat(Xor(Ascii(list), 0x21)).Concat(Noise(8, 100)).ToArray();
            var hits = Sweep.Scan(data);

            var run = Assert.Single(XorHiddenText.Read(data, hits));

            Assert.Equal(0x21, run.Key);
            Assert.Contains(list, run.Text, StringComparison.Ordinal);
            Assert.Equal(hits.Count(h => h.Key == 0x21), run.Hits.Count);
            Assert.Contains("moonshot", run.Indicators);
            Assert.Contains("dashscope", run.Indicators);
        }

        [Fact]
        public void Reads_a_short_endpoint_that_is_all_of_a_decoded_literal()
        {
            // What a base64 literal of "api.deepseek.com" under xor 0x5B leaves for the sweep: too short for a keyed
            // decoding of its own (KeyedDecodingTests), long enough to be a run of hidden text.
            var data = Xor(Ascii("api.deepseek.com"), 0x5B);

            var run = Assert.Single(XorHiddenText.Read(data, Sweep.Scan(data)));

            Assert.Equal("api.deepseek.com", run.Text);
        }

        [Theory]
        [InlineData(0x01)]
        [InlineData(0x20)]
        [InlineData(0x5B)]
        [InlineData(0x7F)]
        [InlineData(0xA5)]
        public void Finds_hidden_lists_under_any_key(int key)
        {
            var data = Noise(key, 64).Concat(Xor(Ascii(DomainList + "," + LabList), (byte)key)).Concat(Noise(key + 1, 64)).ToArray();
            var hits = Sweep.Scan(data).Where(h => h.Key == key).ToList();

            Assert.NotEmpty(hits);
            Assert.Single(XorHiddenText.Read(data, hits));
        }
    }
}
