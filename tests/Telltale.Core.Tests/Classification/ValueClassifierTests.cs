using Telltale.Classification;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Classification;

public sealed class ValueClassifierTests
{
    public sealed class TheClassifyMethod
    {
        [Fact]
        public void Names_a_list_of_host_names_a_domain_list()
        {
            var result = ValueClassifier.Classify(DomainList);

            Assert.Equal(ValueKind.Domain, result.Kind);
            Assert.True(result.IsList);
            Assert.Equal(DomainList.Split(','), result.Items);
            Assert.Equal("domains", result.KindName);
        }

        [Fact]
        public void Names_a_list_of_bare_names_a_keyword_list()
        {
            var result = ValueClassifier.Classify(LabList);

            Assert.Equal((ValueKind.Keyword, true), (result.Kind, result.IsList));
            Assert.Equal(LabList.Split(','), result.Items);
            Assert.Equal("keywords", result.KindName);
        }

        [Fact]
        public void Names_a_mix_of_host_names_and_keywords_a_keyword_list()
        {
            var result = ValueClassifier.Classify("moonshot,moonshot.ai,deepseek,api.deepseek.com,zhipu");

            Assert.Equal((ValueKind.Keyword, true), (result.Kind, result.IsList));
            Assert.Equal(["moonshot", "moonshot.ai", "deepseek", "api.deepseek.com", "zhipu"], result.Items);
        }

        [Theory]
        [InlineData("Asia/Shanghai,Asia/Urumqi,Asia/Chongqing,Europe/Moscow")]
        [InlineData("Asia/Shanghai\nAsia/Urumqi\nAsia/Chongqing\nAmerica/Argentina/Buenos_Aires")]
        [InlineData("Asia/Shanghai; Asia/Urumqi; Etc/GMT+8")]
        public void Names_a_time_zone_list(string value)
        {
            var result = ValueClassifier.Classify(value);

            Assert.Equal((ValueKind.TimeZone, true), (result.Kind, result.IsList));
            Assert.Equal("time-zones", result.KindName);
        }

        [Fact]
        public void Names_an_environment_variable_list_and_trims_items()
        {
            var result = ValueClassifier.Classify(" ANTHROPIC_BASE_URL | OPENAI_BASE_URL | HTTPS_PROXY | LC_ALL ");

            Assert.Equal((ValueKind.EnvironmentVariable, true), (result.Kind, result.IsList));
            Assert.Equal(["ANTHROPIC_BASE_URL", "OPENAI_BASE_URL", "HTTPS_PROXY", "LC_ALL"], result.Items);
            Assert.Equal("env-vars", result.KindName);
        }

        [Fact]
        public void Names_a_url_list()
        {
            var result = ValueClassifier.Classify("https://ip-api.com/json,http://ipinfo.io/country,wss://api.example.com/stream");

            Assert.Equal((ValueKind.Url, true), (result.Kind, result.IsList));
            Assert.Equal(3, result.Items.Count);
        }

        [Fact]
        public void Takes_a_list_whose_items_are_mostly_of_one_kind()
        {
            // Four domains of five is 80 %: enough; three of five is not, and text items do not mix with names.
            var mostly = ValueClassifier.Classify("a.example,b.example,c.example,d.example,x");
            var mixed = ValueClassifier.Classify("a.example,b.example,c.example,x,y");

            Assert.Equal((ValueKind.Domain, true), (mostly.Kind, mostly.IsList));
            Assert.Equal(["a.example", "b.example", "c.example", "d.example", "x"], mostly.Items);
            Assert.Equal((ValueKind.Text, false), (mixed.Kind, mixed.IsList));
        }

        [Theory]
        [InlineData("Today, the configuration file could not be found, so the defaults were used instead.")]
        [InlineData("Hello, world")]
        [InlineData("a,b")]
        [InlineData("first,,third,fourth")]
        public void Does_not_take_sentences_or_short_or_gappy_lists_for_lists(string value)
        {
            Assert.False(ValueClassifier.Classify(value).IsList);
        }

        [Fact]
        public void Names_a_sentence_with_commas_text()
        {
            var sentence = "Today, the configuration file could not be found, so the defaults were used instead.";

            var result = ValueClassifier.Classify(sentence);

            Assert.Equal((ValueKind.Text, false), (result.Kind, result.IsList));
            Assert.Equal([sentence], result.Items);
            Assert.Equal("text", result.KindName);
        }

        [Theory]
        [InlineData("https://api.example.com/v1/messages", ValueKind.Url)]
        [InlineData("wss://stream.example.com", ValueKind.Url)]
        [InlineData("Asia/Shanghai", ValueKind.TimeZone)]
        [InlineData("America/Argentina/Buenos_Aires", ValueKind.TimeZone)]
        [InlineData("ANTHROPIC_BASE_URL", ValueKind.EnvironmentVariable)]
        [InlineData("api.moonshot.ai", ValueKind.Domain)]
        [InlineData("dashscope.aliyuncs.com", ValueKind.Domain)]
        [InlineData("index.js", ValueKind.Keyword)]
        [InlineData("package.json", ValueKind.Keyword)]
        [InlineData("deepseek", ValueKind.Keyword)]
        [InlineData("深度求索", ValueKind.Keyword)]
        [InlineData(Sentence, ValueKind.Text)]
        [InlineData("LANG", ValueKind.Keyword)]
        [InlineData("Asia/", ValueKind.Text)]
        public void Names_a_single_value(string value, ValueKind expected)
        {
            var result = ValueClassifier.Classify(value);

            Assert.Equal(expected, result.Kind);
            Assert.False(result.IsList);
            Assert.Equal([value], result.Items);
        }

        [Fact]
        public void Names_code_code_with_no_items()
        {
            var result = ValueClassifier.Classify("  function f(a) { return a + 1; }  ");

            Assert.Equal(ValueKind.Code, result.Kind);
            Assert.False(result.IsList);
            Assert.Empty(result.Items);
            Assert.Equal("code", result.KindName);
        }

        [Fact]
        public void Trims_a_single_value()
        {
            Assert.Equal(["api.moonshot.ai"], ValueClassifier.Classify("  api.moonshot.ai\n").Items);
        }
    }

    public sealed class TheClassifyItemMethod
    {
        [Theory]
        [InlineData("ftp://files.example.com/a", ValueKind.Url)]
        [InlineData("Etc/GMT-8", ValueKind.TimeZone)]
        [InlineData("HTTP_PROXY", ValueKind.EnvironmentVariable)]
        [InlineData("http_proxy", ValueKind.Keyword)]
        [InlineData("xn--fiqs8s.example", ValueKind.Domain)]
        [InlineData("-bad.example", ValueKind.Text)]
        [InlineData("1.2.3", ValueKind.Keyword)]
        [InlineData("two words here", ValueKind.Keyword)]
        [InlineData("x", ValueKind.Text)]
        public void Names_each_kind(string item, ValueKind expected)
        {
            Assert.Equal(expected, ValueClassifier.ClassifyItem(item));
        }
    }
}
