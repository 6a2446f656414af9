using Telltale.Probing;
using static Telltale.Tests.Probing.ProbeRuns;

namespace Telltale.Tests.Probing;

public sealed class FactorAttributorTests
{
    public sealed class TheExplainMethod
    {
        private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> Environments = new(StringComparer.Ordinal)
        {
            ["baseline"] = Environment(),
            ["deepseek"] = Environment(("ANTHROPIC_BASE_URL", "https://api.deepseek.com")),
            ["moonshot"] = Environment(("ANTHROPIC_BASE_URL", "https://api.moonshot.ai")),
            ["shanghai"] = Environment(("TZ", "Asia/Shanghai")),
            ["deepseek-shanghai"] = Environment(("ANTHROPIC_BASE_URL", "https://api.deepseek.com"), ("TZ", "Asia/Shanghai")),
            ["zh"] = Environment(("LANG", "zh_CN.UTF-8"), ("TZ", "Asia/Shanghai")),
        };

        private static string Explain(string[] appearsIn, params string[] observed) =>
            FactorAttributor.Explain(appearsIn, observed, Environments).ToString();

        [Fact]
        public void Names_the_single_factor_value_set_in_exactly_those_variants()
        {
            Assert.Equal(
                "ANTHROPIC_BASE_URL=https://api.deepseek.com",
                Explain(["deepseek", "deepseek-shanghai"], "baseline", "deepseek", "shanghai", "deepseek-shanghai"));
        }

        [Fact]
        public void Names_every_value_of_one_factor_that_gives_the_same_difference()
        {
            Assert.Equal(
                "ANTHROPIC_BASE_URL ∈ {https://api.deepseek.com, https://api.moonshot.ai}",
                Explain(["deepseek", "moonshot"], "baseline", "deepseek", "moonshot", "shanghai"));
        }

        [Fact]
        public void Names_a_conjunction_when_no_single_factor_fits()
        {
            Assert.Equal(
                "ANTHROPIC_BASE_URL=https://api.deepseek.com ∧ TZ=Asia/Shanghai",
                Explain(["deepseek-shanghai"], "baseline", "deepseek", "shanghai", "deepseek-shanghai"));
        }

        [Fact]
        public void Lists_every_factor_the_variants_cannot_tell_apart()
        {
            var attribution = FactorAttributor.Explain(["zh"], ["baseline", "zh"], Environments);

            Assert.Equal(["LANG=zh_CN.UTF-8", "TZ=Asia/Shanghai"], attribution.Alternatives.Select(a => a.ToString()));
        }

        [Fact]
        public void Leaves_unexplained_what_no_conjunction_of_two_fits()
        {
            // Either factor alone is enough, which is a disjunction: no conjunction holds in both variants only.
            var attribution = FactorAttributor.Explain(
                ["deepseek", "shanghai"], ["baseline", "deepseek", "shanghai", "deepseek-shanghai"], Environments);

            Assert.False(attribution.IsExplained);
            Assert.Equal("unexplained", attribution.ToString());
        }
    }
}
