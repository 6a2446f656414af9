using System.Text.RegularExpressions;
using Telltale.Rules;
using Telltale.Tests.Artifacts;

namespace Telltale.Tests.Rules;

public sealed class RulePackLoaderTests
{
    private static readonly string[] DefaultRuleIds =
    [
        "TT1001", "TT1002", "TT1003", "TT1004", "TT1005", "TT1006", "TT1101", "TT1201", "TT1301",
        "TT1401", "TT1402", "TT1403", "TT1404", "TT1405", "TT1406", "TT1407",
    ];

    private static readonly string[] DefaultSets =
    [
        "ai-labs", "cn-companies", "region-timezones", "api-base-env", "locale-env", "geoip-services", "cloud-providers",
    ];

    private const string UserPack = """
        name: my-pack
        indicators:
          - set: my-labs
            category: organisation
            terms: [examplelab, acme-ai]
          - set: ai-labs
            terms: [newlab, MOONSHOT]
        rules:
          - id: TT1201
            name: plain-fingerprint-indicator
            title: Replaced {term}
            severity: medium
            when: { in: [literal], indicators: [region-timezones], exact: true }
          - id: TT9001
            name: my-lab-literal
            title: Names {term}
            severity: high
            when: { in: [literal, decoded], indicators: [my-labs] }
        """;

    private static RulePackException LoadFails(string yaml, out string file)
    {
        using var directory = new TempDirectory();
        file = directory.Write("my-rules.yaml", yaml);
        var path = file;
        return Assert.Throws<RulePackException>(() => RulePackLoader.Load([path]));
    }

    private static void AssertOneLine(RulePackException error) =>
        Assert.DoesNotContain('\n', error.Message);

    public sealed class TheLoadDefaultMethod
    {
        [Fact]
        public void Loads_the_embedded_pack()
        {
            var pack = RulePackLoader.LoadDefault();

            Assert.Equal("telltale-default", pack.Name);
            Assert.Equal(1, pack.Version);
            Assert.Equal(DefaultRuleIds, pack.Rules.Select(r => r.Id));
            Assert.Equal(DefaultSets, pack.Indicators.Select(s => s.Set));
            Assert.Contains("moonshot", pack.Indicators.Single(s => s.Set == "ai-labs").Terms);
            Assert.Contains("Asia/Shanghai", pack.Indicators.Single(s => s.Set == "region-timezones").Terms);
        }

        [Fact]
        public void Reads_every_field_of_a_rule()
        {
            var rule = RulePackLoader.LoadDefault().Rules.Single(r => r.Id == "TT1001");

            Assert.Equal("hidden-list-obfuscated", rule.Name);
            Assert.Equal("high", rule.Severity);
            Assert.Equal("list.hidden:{kind}", rule.Capability);
            Assert.Equal(["decoded"], rule.When.In);
            Assert.True(rule.When.Obfuscated);
            Assert.True(rule.When.List);
            Assert.Equal(["domain", "keyword", "time-zone", "env-var", "url"], rule.When.Kinds);
            Assert.NotNull(rule.RaiseWhen);
            Assert.Equal(2, rule.RaiseWhen.MinMatches);
            Assert.Equal(6, rule.RaiseWhen.Indicators.Count);
        }

        [Fact]
        public void Gives_a_pack_the_rule_engine_accepts()
        {
            var engine = new RuleEngine(RulePackLoader.LoadDefault());

            Assert.All(Enum.GetValues<ObservationSource>(), source => Assert.True(engine.Reads(source), source.ToString()));
        }
    }

    public sealed class TheLoadMethod
    {
        [Fact]
        public void Gives_the_default_pack_merged_when_no_files_are_named()
        {
            var pack = RulePackLoader.Load([]);

            Assert.Equal("merged", pack.Name);
            Assert.Equal(DefaultRuleIds, pack.Rules.Select(r => r.Id));
        }

        [Fact]
        public void Adds_indicator_sets_and_terms_and_replaces_rules_by_id()
        {
            using var directory = new TempDirectory();
            var file = directory.Write("my-rules.yaml", UserPack);

            var pack = RulePackLoader.Load([file]);

            Assert.Equal([.. DefaultSets, "my-labs"], pack.Indicators.Select(s => s.Set));
            Assert.Equal(["examplelab", "acme-ai"], pack.Indicators.Single(s => s.Set == "my-labs").Terms);
            var labs = pack.Indicators.Single(s => s.Set == "ai-labs").Terms;
            Assert.Equal("newlab", labs[^1]);
            Assert.Single(labs, t => t.Equals("moonshot", StringComparison.OrdinalIgnoreCase));

            Assert.Equal([.. DefaultRuleIds.Where(id => id != "TT1201"), "TT1201", "TT9001"], pack.Rules.Select(r => r.Id));
            var replaced = pack.Rules.Single(r => r.Id == "TT1201");
            Assert.Equal("medium", replaced.Severity);
            Assert.Equal("Replaced {term}", replaced.Title);
            Assert.Equal(["region-timezones"], replaced.When.Indicators);
        }

        [Fact]
        public void Applies_later_files_over_earlier_ones()
        {
            using var directory = new TempDirectory();
            var first = directory.Write("a.yaml", "rules:\n  - { id: TT9001, severity: low, when: { in: [literal] } }\n");
            var second = directory.Write("b.yaml", "rules:\n  - { id: TT9001, severity: critical, when: { in: [decoded] } }\n");

            var rule = Assert.Single(RulePackLoader.Load([first, second]).Rules, r => r.Id == "TT9001");

            Assert.Equal("critical", rule.Severity);
            Assert.Equal(["decoded"], rule.When.In);
        }

        [Fact]
        public void Names_the_file_and_rule_of_an_unknown_severity()
        {
            var error = LoadFails("rules:\n  - id: TT9001\n    severity: urgent\n    when: { in: [literal] }\n", out var file);

            Assert.Equal($"{file}: rule TT9001 has unknown severity 'urgent'", error.Message);
            AssertOneLine(error);
        }

        [Fact]
        public void Names_the_file_and_rule_of_an_unknown_source()
        {
            var error = LoadFails("rules:\n  - id: TT9002\n    severity: low\n    when: { in: [literals] }\n", out var file);

            Assert.Equal($"{file}: rule TT9002 has unknown source 'literals' (use literal, decoded, scheme, xor-sweep, scheme-summary, archive)", error.Message);
            AssertOneLine(error);
        }

        [Fact]
        public void Names_the_file_and_rule_of_an_unknown_refusal()
        {
            var error = LoadFails("rules:\n  - id: TT9003\n    when: { in: [archive], refusals: [Bomb] }\n", out var file);

            Assert.Equal($"{file}: rule TT9003 has unknown refusal 'Bomb'", error.Message);
        }

        [Fact]
        public void Names_the_file_of_a_rule_without_an_id()
        {
            var error = LoadFails("rules:\n  - title: nameless\n    when: { in: [literal] }\n", out var file);

            Assert.Equal($"{file}: a rule has no id", error.Message);
        }

        [Fact]
        public void Names_the_rule_of_an_unknown_indicator_set()
        {
            using var directory = new TempDirectory();
            var file = directory.Write("my-rules.yaml", "rules:\n  - id: TT9004\n    when: { in: [literal], indicators: [ai-labs, no-such-set] }\n");
            var pack = RulePackLoader.Load([file]);

            var error = Assert.Throws<RulePackException>(() => new RuleEngine(pack));

            Assert.Equal("rule TT9004 names unknown indicator set 'no-such-set'", error.Message);
            AssertOneLine(error);
        }

        [Fact]
        public void Accepts_an_indicator_set_that_a_later_file_defines()
        {
            using var directory = new TempDirectory();
            var rules = directory.Write("rules.yaml", "rules:\n  - id: TT9005\n    when: { in: [literal], indicators: [late-set] }\n");
            var sets = directory.Write("sets.yaml", "indicators:\n  - set: late-set\n    terms: [late]\n");

            var engine = new RuleEngine(RulePackLoader.Load([rules, sets]));

            Assert.True(engine.Indicators.HasSet("late-set"));
        }

        [Fact]
        public void Names_the_file_line_and_column_of_a_yaml_syntax_error()
        {
            var error = LoadFails("rules:\n  - id: TT9006\n    when: { in: [literal }\n", out var file);

            Assert.Matches(new Regex("^" + Regex.Escape(file) + @":3:\d+: \S"), error.Message);
            AssertOneLine(error);
            Assert.NotNull(error.InnerException);
        }

        [Fact]
        public void Names_the_file_and_line_of_a_misspelt_field()
        {
            var error = LoadFails("rules:\n  - id: TT9007\n    severty: high\n", out var file);

            Assert.StartsWith($"{file}:3:", error.Message, StringComparison.Ordinal);
            Assert.Contains("severty", error.Message, StringComparison.Ordinal);
            AssertOneLine(error);
        }

        [Fact]
        public void Names_a_file_that_cannot_be_read()
        {
            var missing = Path.Combine(Path.GetTempPath(), "telltale-no-such-" + Guid.NewGuid().ToString("N") + ".yaml");

            var error = Assert.Throws<RulePackException>(() => RulePackLoader.Load([missing]));

            Assert.StartsWith($"cannot read rule pack {missing}: ", error.Message, StringComparison.Ordinal);
        }
    }

    public sealed class TheParseMethod
    {
        [Fact]
        public void Reads_an_empty_document_as_an_empty_pack()
        {
            var pack = RulePackLoader.Parse("", "empty.yaml");

            Assert.Empty(pack.Rules);
            Assert.Empty(pack.Indicators);
        }

        [Fact]
        public void Rejects_an_unknown_item_kind()
        {
            var error = Assert.Throws<RulePackException>(() => RulePackLoader.Parse("rules:\n  - id: TT9008\n    when: { in: [decoded], kinds: [domains] }\n", "kinds.yaml"));

            Assert.Contains("TT9008", error.Message, StringComparison.Ordinal);
        }
    }
}
