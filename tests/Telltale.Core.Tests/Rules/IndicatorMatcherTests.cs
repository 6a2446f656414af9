using Telltale.Rules;

namespace Telltale.Tests.Rules;

public sealed class IndicatorMatcherTests
{
    private static readonly IndicatorMatcher Matcher = new(
    [
        new IndicatorSet { Set = "ai-labs", Terms = ["moonshot", "ernie", "kimi", "01ai", "volces"] },
        new IndicatorSet { Set = "cloud", Terms = ["volces.com", "aliyuncs.com", "VOLCES"] },
        new IndicatorSet { Set = "zones", Terms = ["Asia/Shanghai"] },
    ]);

    private static readonly string[] Labs = ["ai-labs"];

    public sealed class TheMatchWithinMethod
    {
        [Theory]
        [InlineData("api.moonshot.ai", "moonshot")]
        [InlineData("moonshot", "moonshot")]
        [InlineData("MoonShot-v1", "moonshot")]
        [InlineData("ernie-bot", "ernie")]
        [InlineData("bernie ernie", "ernie")]
        [InlineData("use ERNIE.", "ernie")]
        [InlineData("https://x.01ai.com/", "01ai")]
        [InlineData("kimi_k2", "kimi")]
        public void Finds_a_term_at_word_boundaries(string value, string term)
        {
            Assert.Equal([term], Matcher.MatchWithin([value], Labs));
        }

        [Theory]
        [InlineData("bernie")]
        [InlineData("ernies")]
        [InlineData("moonshotai")]
        [InlineData("kimi2")]
        [InlineData("x01ai")]
        [InlineData("akimbo")]
        public void Does_not_find_a_term_inside_a_word(string value)
        {
            Assert.Empty(Matcher.MatchWithin([value], Labs));
        }

        [Fact]
        public void Finds_each_term_once_over_all_values_in_set_order()
        {
            var found = Matcher.MatchWithin(["kimi", "api.moonshot.ai", "moonshot.cn", "ernie"], Labs);

            Assert.Equal(["moonshot", "ernie", "kimi"], found);
        }

        [Fact]
        public void Reads_only_the_named_sets()
        {
            Assert.Equal(["volces"], Matcher.MatchWithin(["ark.cn-beijing.volces.com"], Labs));
            Assert.Equal(["volces.com", "VOLCES"], Matcher.MatchWithin(["ark.cn-beijing.volces.com"], ["cloud"]));
            Assert.Empty(Matcher.MatchWithin(["ark.cn-beijing.volces.com"], ["zones"]));
        }
    }

    public sealed class TheMatchExactMethod
    {
        [Fact]
        public void Matches_the_whole_value_ignoring_case()
        {
            Assert.Equal(["asia/shanghai"], Matcher.MatchExact("asia/shanghai", ["zones"]));
            Assert.Empty(Matcher.MatchExact("Asia/Shanghai2", ["zones"]));
            Assert.Empty(Matcher.MatchExact("Asia/Shanghai", Labs));
        }
    }

    public sealed class TheSetOfMethod
    {
        [Fact]
        public void Names_the_first_set_of_a_term()
        {
            Assert.Equal("ai-labs", Matcher.SetOf("volces"));
            Assert.Equal("ai-labs", Matcher.SetOf("VOLCES"));
            Assert.Equal("cloud", Matcher.SetOf("aliyuncs.com"));
            Assert.Null(Matcher.SetOf("unknown"));
            Assert.True(Matcher.HasSet("zones"));
            Assert.False(Matcher.HasSet("Zones"));
            // "volces" and "VOLCES" are one term.
            Assert.Equal(8, Matcher.AllTerms.Count());
        }
    }
}
