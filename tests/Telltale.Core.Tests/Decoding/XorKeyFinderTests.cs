using Telltale.Decoding;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class XorKeyFinderTests
{
    public sealed class TheBestSingleByteKeyMethod
    {
        [Fact]
        public void Recovers_every_key_from_a_paragraph_of_text()
        {
            var text = Utf8(EnglishText(new Random(11), 160));
            var wrong = new List<string>();
            for (var key = 0; key < 256; key++)
            {
                var found = XorKeyFinder.BestSingleByteKey(Xor(text, (byte)key));
                if (found.Bytes is not [var b] || b != key)
                {
                    wrong.Add($"0x{key:X2}->{Convert.ToHexString(found.Bytes)}");
                }
            }

            Assert.Empty(wrong);
        }

        [Theory]
        [InlineData(0x5B)]
        [InlineData(0x20)]
        [InlineData(0x80)]
        public void Recovers_the_key_of_a_short_domain_list(int key)
        {
            var found = XorKeyFinder.BestSingleByteKey(Xor(Utf8(DomainList), (byte)key));

            Assert.Equal([(byte)key], found.Bytes);
            Assert.Equal($"xor 0x{key:X2}", found.Label);
        }

        [Fact]
        public void Scores_the_recovered_text_as_the_text_itself_scores()
        {
            var text = Utf8(Sentence);

            var found = XorKeyFinder.BestSingleByteKey(Xor(text, 0x42));

            Assert.Equal(TextPlausibility.Score(text), found.Score, 9);
        }
    }

    public sealed class TheFindRepeatingKeyMethod
    {
        public static TheoryData<int, bool> Keys()
        {
            var data = new TheoryData<int, bool>();
            for (var length = 2; length <= 16; length++)
            {
                data.Add(length, true);
                data.Add(length, false);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Keys))]
        public void Recovers_the_exact_key_of_one_long_blob(int keyLength, bool printable)
        {
            var random = new Random(1000 + (keyLength * 2) + (printable ? 1 : 0));
            var key = RandomKey(random, keyLength, printable);
            var text = Utf8(EnglishText(random, 1200));

            var found = XorKeyFinder.FindRepeatingKey([Xor(text, key)], maxKeyLength: 16);

            Assert.NotNull(found);
            Assert.Equal(Convert.ToHexString(key), Convert.ToHexString(found.Bytes));
            Assert.Equal(text, found.Apply(Xor(text, key)));
        }

        [Theory]
        [InlineData(12, true, 1)]
        [InlineData(12, false, 2)]
        [InlineData(5, true, 3)]
        [InlineData(16, true, 4)]
        [InlineData(16, false, 5)]
        [InlineData(3, false, 6)]
        public void Recovers_the_exact_key_of_many_short_samples_each_starting_at_key_offset_zero(int keyLength, bool printable, int seed)
        {
            var random = new Random(seed);
            var key = RandomKey(random, keyLength, printable);
            var texts = EnglishStrings(random, 300, 10, 60).Select(Utf8).ToArray();

            var found = XorKeyFinder.FindRepeatingKey(texts.Select(t => Xor(t, key)).ToArray(), maxKeyLength: 16);

            Assert.NotNull(found);
            Assert.Equal(Convert.ToHexString(key), Convert.ToHexString(found.Bytes));
        }

        [Fact]
        public void Prefers_the_key_itself_to_a_multiple_of_it()
        {
            var text = Utf8(EnglishText(new Random(21), 2000));

            var found = XorKeyFinder.FindRepeatingKey([Xor(text, Utf8("k3y!"))], maxKeyLength: 16);

            Assert.NotNull(found);
            Assert.Equal("k3y!", System.Text.Encoding.ASCII.GetString(found.Bytes));
            Assert.Equal("xor key \"k3y!\"", found.Label);
        }

        [Fact]
        public void Finds_a_single_byte_key_as_length_one_when_allowed()
        {
            var text = Utf8(EnglishText(new Random(22), 400));

            var found = XorKeyFinder.FindRepeatingKey([Xor(text, 0x3C)], maxKeyLength: 16);

            Assert.NotNull(found);
            Assert.Equal([(byte)0x3C], found.Bytes);
        }

        [Fact]
        public void Gives_null_when_no_key_length_has_enough_bytes_per_position()
        {
            Assert.Null(XorKeyFinder.FindRepeatingKey([new byte[11]], maxKeyLength: 16));
            Assert.Null(XorKeyFinder.FindRepeatingKey([], maxKeyLength: 16));
            Assert.Null(XorKeyFinder.FindRepeatingKey([new byte[40]], maxKeyLength: 16, minKeyLength: 4));
            Assert.NotNull(XorKeyFinder.FindRepeatingKey([new byte[48]], maxKeyLength: 16, minKeyLength: 4));
        }

        [Fact]
        public void Stops_at_the_longest_key_the_data_supports()
        {
            // 60 bytes: 12 per position up to length 5, too few from length 6; a 6-byte key cannot be found.
            var text = Utf8(EnglishText(new Random(23), 60));
            var key = Utf8("Secret");

            var found = XorKeyFinder.FindRepeatingKey([Xor(text, key)], maxKeyLength: 16);

            Assert.NotNull(found);
            Assert.True(found.Bytes.Length <= 5, $"key length {found.Bytes.Length}");
        }
    }
}
