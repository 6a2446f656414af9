using Telltale.Classification;
using Telltale.Decoding;
using Telltale.Findings;
using Telltale.Rules;
using static Telltale.Tests.Decoding.Fixtures;

namespace Telltale.Tests.Rules;

public sealed class RuleEngineTests
{
    private const string PlainDomains = "alpha.example,beta.example,gamma.example,delta.example";
    private const string TwoLabDomains = "api.deepseek.com,api.moonshot.ai,gamma.example,delta.example";
    private static readonly SourceLocation Where = new("package/dist/cli.js", 12, 40, 5120, 88);
    private static readonly RuleEngine Engine = new(RulePackLoader.LoadDefault());

    private static Observation Decoded(string value, params string[] chain)
    {
        var bytes = Utf8(value);
        var hidden = chain.Length > 1 ? Xor(bytes, 0x5B) : bytes;
        return new Observation
        {
            Source = ObservationSource.Decoded,
            Location = Where,
            Text = Base64(hidden),
            Decoded = new DecodeResult(value, bytes, chain, TextPlausibility.Score(bytes)),
            Class = ValueClassifier.Classify(value),
        };
    }

    private static Observation Literal(string value) => new()
    {
        Source = ObservationSource.Literal,
        Location = Where,
        Text = value,
        Class = ValueClassifier.Classify(value),
    };

    private static List<Finding> Evaluate(Observation observation) => Engine.Evaluate(observation).ToList();

    public sealed class TheEvaluateMethod
    {
        [Fact]
        public void Reports_an_xor_hidden_domain_list_as_TT1001_high()
        {
            var observation = Decoded(PlainDomains, "base64", "xor 0x5B");

            var finding = Assert.Single(Evaluate(observation));

            Assert.Equal("TT1001", finding.RuleId);
            Assert.Equal(Severity.High, finding.Severity);
            Assert.Equal("Hidden list of domains decoded from an obfuscated literal", finding.Title);
            Assert.Equal(["list.hidden:domains"], finding.Capabilities);
            Assert.Equal(PlainDomains.Split(','), finding.Items);
            Assert.Equal(Where, finding.Location);
            Assert.Equal(observation.Text, finding.Evidence.Text);
            Assert.Equal(PlainDomains, finding.Evidence.Decoded);
            Assert.Equal(["base64", "xor 0x5B"], finding.Evidence.Chain);
            Assert.StartsWith("A list that the code hides behind a keyed encoding.", finding.Description, StringComparison.Ordinal);
            var expectedConfidence = Math.Round(Math.Clamp((observation.Decoded!.Score + 7.5) / 3.5, 0.5, 1.0), 3);
            Assert.Equal(expectedConfidence, finding.Confidence);
        }

        [Fact]
        public void Raises_TT1001_to_critical_with_two_ai_lab_terms()
        {
            var finding = Assert.Single(Evaluate(Decoded(TwoLabDomains, "base64", "xor 0x5B")));

            Assert.Equal("TT1001", finding.RuleId);
            Assert.Equal(Severity.Critical, finding.Severity);
            Assert.Equal(["list.hidden:domains", "indicator:deepseek", "indicator:moonshot"], finding.Capabilities);
        }

        [Fact]
        public void Keeps_TT1001_high_with_one_ai_lab_term()
        {
            var finding = Assert.Single(Evaluate(Decoded("api.deepseek.com,beta.example,gamma.example,delta.example", "base64", "xor 0x5B")));

            Assert.Equal(Severity.High, finding.Severity);
            Assert.Equal(["list.hidden:domains"], finding.Capabilities);
        }

        [Fact]
        public void Raises_an_xor_hidden_list_of_company_domains_to_critical()
        {
            var finding = Assert.Single(Evaluate(Decoded(DomainList, "base64", "xor 0x5B")));

            Assert.Equal(("TT1001", Severity.Critical), (finding.RuleId, finding.Severity));
            Assert.Contains("indicator:sankuai", finding.Capabilities);
            Assert.Contains("indicator:baidu", finding.Capabilities);
        }

        [Fact]
        public void Reports_the_same_list_base64_only_as_TT1002_medium()
        {
            var finding = Assert.Single(Evaluate(Decoded(TwoLabDomains, "base64")));

            Assert.Equal("TT1002", finding.RuleId);
            Assert.Equal(Severity.Medium, finding.Severity);
            Assert.Equal("Encoded list of domains", finding.Title);
            Assert.Equal(["list.encoded:domains"], finding.Capabilities);
            Assert.Equal(["base64"], finding.Evidence.Chain);
        }

        [Fact]
        public void Raises_TT1002_with_three_terms()
        {
            var finding = Assert.Single(Evaluate(Decoded("api.deepseek.com,api.moonshot.ai,open.bigmodel.cn,delta.example", "base64")));

            Assert.Equal(("TT1002", Severity.High), (finding.RuleId, finding.Severity));
        }

        [Fact]
        public void Reports_a_hidden_keyword_list_by_its_kind()
        {
            var finding = Assert.Single(Evaluate(Decoded(LabList, "base64", "xor 0x5B")));

            Assert.Equal("Hidden list of keywords decoded from an obfuscated literal", finding.Title);
            Assert.Equal(Severity.Critical, finding.Severity);
        }

        [Fact]
        public void Reports_a_plain_api_variable_literal_as_TT1201_low()
        {
            var finding = Assert.Single(Evaluate(Literal("ANTHROPIC_BASE_URL")));

            Assert.Equal("TT1201", finding.RuleId);
            Assert.Equal(Severity.Low, finding.Severity);
            Assert.Equal("Reads a fingerprinting indicator (env-var)", finding.Title);
            Assert.Equal(["fingerprint:ANTHROPIC_BASE_URL", "indicator:anthropic_base_url"], finding.Capabilities);
            Assert.Equal(new Evidence("ANTHROPIC_BASE_URL"), finding.Evidence with { Chain = [] });
            Assert.Null(finding.Evidence.Decoded);
            Assert.Empty(finding.Evidence.Chain);
            Assert.Equal(1.0, finding.Confidence);
        }

        [Theory]
        [InlineData("Asia/Shanghai", "time-zone")]
        [InlineData("ip-api.com", "domain")]
        public void Reports_other_plain_fingerprint_literals(string value, string kind)
        {
            var finding = Assert.Single(Evaluate(Literal(value)));

            Assert.Equal("TT1201", finding.RuleId);
            Assert.Equal($"Reads a fingerprinting indicator ({kind})", finding.Title);
        }

        [Theory]
        [InlineData("MY_ANTHROPIC_BASE_URL")]
        [InlineData("set ANTHROPIC_BASE_URL first")]
        [InlineData("moonshot")] // an ai-labs term: not one TT1201 reads
        public void Ignores_literals_that_are_not_exactly_an_indicator(string value)
        {
            Assert.Empty(Evaluate(Literal(value)));
        }

        [Fact]
        public void Reports_an_obfuscated_single_value_as_TT1003()
        {
            var finding = Assert.Single(Evaluate(Decoded("api.moonshot.ai", "base64", "xor 0x5B")));

            Assert.Equal(("TT1003", Severity.High, "Obfuscated domain decoded"), (finding.RuleId, finding.Severity, finding.Title));
        }

        [Fact]
        public void Reports_an_xor_sweep_hit_by_its_term()
        {
            var observation = new Observation { Source = ObservationSource.XorSweep, Location = Where, Text = "\u0012\u0034", Term = "Asia/Shanghai" };

            var finding = Assert.Single(Evaluate(observation));

            Assert.Equal(("TT1101", Severity.High), (finding.RuleId, finding.Severity));
            Assert.Equal(["string.xor-hidden:indicator"], finding.Capabilities);
            Assert.Equal(0.9, finding.Confidence);
        }
    }

    public sealed class TheConstructor
    {
        [Fact]
        public void Names_the_rule_of_an_unknown_severity()
        {
            var pack = new RulePack { Rules = [new Rule { Id = "TT9100", Severity = "severe", When = new RuleCondition { In = ["literal"] } }] };

            var error = Assert.Throws<RulePackException>(() => new RuleEngine(pack));

            Assert.Equal("rule TT9100 has unknown severity 'severe'", error.Message);
        }

        [Fact]
        public void Names_the_rule_of_an_unknown_indicator_set_in_raise_when()
        {
            var pack = new RulePack
            {
                Rules = [new Rule { Id = "TT9101", When = new RuleCondition { In = ["literal"] }, RaiseWhen = new RuleCondition { Indicators = ["missing"] } }],
            };

            var error = Assert.Throws<RulePackException>(() => new RuleEngine(pack));

            Assert.Equal("rule TT9101 names unknown indicator set 'missing'", error.Message);
        }
    }

    public sealed class TheReadsMethod
    {
        [Fact]
        public void Says_which_sources_some_rule_reads()
        {
            var pack = new RulePack { Rules = [new Rule { Id = "TT9102", When = new RuleCondition { In = ["literal", "xor-sweep"] } }] };
            var engine = new RuleEngine(pack);

            Assert.Equal(
                [ObservationSource.Literal, ObservationSource.XorSweep],
                Enum.GetValues<ObservationSource>().Where(engine.Reads));
        }
    }
}
