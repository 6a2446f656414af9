using Telltale.Decoding;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Decoding;

public sealed class TextModelTests
{
    private static readonly TextModel Model = TextModel.Default;

    public sealed class TheShippedModel
    {
        [Fact]
        public void Loads_and_was_trained_on_megabytes_of_text()
        {
            Assert.True(Model.TrainingSymbols > 1_000_000, $"{Model.TrainingSymbols} symbols");
        }

        [Theory]
        [InlineData(Sentence)]
        [InlineData(DomainList)]
        [InlineData(LabList)]
        [InlineData("function f(a, b) { return a.map((x) => x + b).filter(Boolean); }")]
        [InlineData("Asia/Shanghai,Asia/Urumqi,Europe/Moscow")]
        [InlineData("ANTHROPIC_BASE_URL")]
        [InlineData("今天在工作目录中找不到配置文件，请检查路径。")]
        [InlineData("Сегодня файл конфигурации не найден в рабочем каталоге.")]
        public void Reads_prose_code_lists_and_other_scripts_as_language(string text)
        {
            Assert.True(Model.Score(text) > LayeredDecoder.MinKeyedTextScore, $"{Model.Score(text)}");
        }

        [Theory]
        [InlineData("nt5no1nhefm\"boe|c7o,Gs,Gs,Gs,Gs emc0ehe\tte\tte\tte\tt")]
        [InlineData("AYon^C[moOaAuuSDTtdvihN\\LUUayYTDDTfyaUUs\\NhiIdtTDluuAapom[CanoYA")]
        [InlineData("7SkTnDuSFrREsSEsS/TnAsRGpREsSEsS/s^DHS|E` GefA ;rrELev")]
        [InlineData("ODV3KDo1MC46MnU+Izo2Kzc+dzU+Lz46KD51PiM6Nis3Pnc5OjI/LnYyNS91")]
        public void Reads_fitted_noise_and_base64_as_noise(string text)
        {
            Assert.True(Model.Score(text) < LayeredDecoder.MinKeyedTextScore, $"{Model.Score(text)}");
        }

        [Fact]
        public void Ranks_text_above_the_same_text_under_any_key()
        {
            var text = Utf8(Sentence);
            var plain = Model.Score(text);

            for (var key = 1; key < 256; key++)
            {
                Assert.True(Model.Score(Xor(text, (byte)key)) < plain - 2, $"key 0x{key:X2}");
            }
        }

        [Fact]
        public void Scores_bytes_that_are_not_utf8_below_random_text()
        {
            var random = new byte[256];
            new Random(3).NextBytes(random);

            Assert.True(Model.Score(random) < -15, $"{Model.Score(random)}");
            Assert.Equal(double.NegativeInfinity, Model.Score(ReadOnlySpan<byte>.Empty));
        }
    }

    public sealed class TrainingAndStorage
    {
        [Fact]
        public void A_trained_model_prefers_what_it_was_trained_on()
        {
            var model = TextModel.Train(Enumerable.Repeat("the cat sat on the mat", 50));

            Assert.True(model.Score("the cat sat") > model.Score("zqx vjk wpf"));
        }

        [Fact]
        public void Writes_and_reads_the_same_counts()
        {
            var model = TextModel.Train(EnglishStrings(new Random(5), 500, 10, 80));
            using var stream = new MemoryStream();

            model.Write(stream);
            stream.Position = 0;
            var read = TextModel.Read(stream);

            Assert.Equal(model.TrainingSymbols, read.TrainingSymbols);
            Assert.Equal(model.Score(Sentence), read.Score(Sentence));
        }

        [Fact]
        public void Refuses_what_is_not_a_model()
        {
            using var stream = new MemoryStream();
            using (var deflate = new System.IO.Compression.DeflateStream(stream, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write("not a model at all"u8);
            }

            stream.Position = 0;
            Assert.Throws<InvalidDataException>(() => TextModel.Read(stream));
        }
    }
}
