using System.Text.RegularExpressions;
using Telltale.Findings;
using Telltale.Probing.Matrix;

namespace Telltale.Tests.Probing.Matrix;

public sealed partial class ProbeMatrixFromScanTests
{
    private static readonly SourceLocation Here = new("cli.js", 1, 1, 0);

    private static readonly string[] Domains = ["cn", "deepseek.com", "moonshot.cn", "sankuai.com", "baidu.com"];
    private static readonly string[] Keywords = ["deepseek", "moonshot", "minimax"];

    private static ScanReport ReportWith(IReadOnlyList<BehaviourStep> steps, params Finding[] more)
    {
        var root = new BehaviourStep { Kind = BehaviourStepKind.Sink, Summary = "user message", Location = Here, Children = steps };
        return new ScanReport
        {
            Target = new ScanTarget("agent", "1.0.0", new string('a', 64), "file"),
            Findings = [new Finding { RuleId = "TT2001", Title = "t", Severity = Severity.Critical, Location = Here, Evidence = new Evidence(""), Behaviour = new Behaviour { Root = root } }, .. more],
            Statistics = new ScanStatistics(),
            ScannedAt = DateTimeOffset.UnixEpoch,
            ToolVersion = "test",
        };
    }

    private static BehaviourStep Step(BehaviourStepKind kind, string? capability, IReadOnlyList<string>? values = null, params BehaviourStep[] children) =>
        new() { Kind = kind, Summary = kind.ToString(), Location = Here, Capability = capability, Values = values ?? [], Children = children };

    private static BehaviourStep Read(string variable) => Step(BehaviourStepKind.Source, $"env.read:{variable}");

    /// <summary>What claude-code does: the host of one variable tested against a domain list and a keyword list.</summary>
    private static BehaviourStep[] HostChecks(string variable, IReadOnlyList<string> domains, IReadOnlyList<string> keywords) =>
    [
        Step(BehaviourStepKind.Comparison, null, null, Read(variable), Step(BehaviourStepKind.List, "list.hidden:domains", domains)),
        Step(BehaviourStepKind.Comparison, null, null, Read(variable), Step(BehaviourStepKind.List, "list.hidden:keywords", keywords)),
    ];

    private static BehaviourStep TimeZoneCheck(params string[] zones) =>
        Step(BehaviourStepKind.Comparison, null, zones, Step(BehaviourStepKind.Source, "host.timezone"));

    private static string? HostOf(ProbeVariant variant, string variable = "ANTHROPIC_BASE_URL") =>
        variant.Environment.GetValueOrDefault(variable) is { } url ? new Uri(url).IdnHost : null;

    private static bool Listed(string host, IEnumerable<string> domains) => domains.Any(d => host.EndsWith(d, StringComparison.Ordinal));

    private static bool CarriesKeyword(string host, IEnumerable<string> keywords) => keywords.Any(k => host.Contains(k, StringComparison.Ordinal));

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex LdhHostName();

    public sealed class Hosts
    {
        [Fact]
        public void Are_one_listed_domain_without_keyword_one_keyword_host_and_one_on_both()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith(HostChecks("ANTHROPIC_BASE_URL", Domains, Keywords)));

            var listedOnly = Assert.Single(matrix.Variants, v => v.Name.StartsWith("listed domain ", StringComparison.Ordinal) && v.Name.EndsWith("(no keyword)", StringComparison.Ordinal));
            var keywordOnly = Assert.Single(matrix.Variants, v => v.Name.StartsWith("keyword host ", StringComparison.Ordinal));
            var both = Assert.Single(matrix.Variants, v => v.Name.StartsWith("listed domain + keyword ", StringComparison.Ordinal));
            Assert.Equal("api.sankuai.com", HostOf(listedOnly));
            Assert.Equal("deepseek-gateway.example.com", HostOf(keywordOnly));
            Assert.Equal("deepseek.sankuai.com", HostOf(both));
            Assert.Equal((true, false), (Listed(HostOf(listedOnly)!, Domains), CarriesKeyword(HostOf(listedOnly)!, Keywords)));
            Assert.Equal((false, true), (Listed(HostOf(keywordOnly)!, Domains), CarriesKeyword(HostOf(keywordOnly)!, Keywords)));
            Assert.Equal((true, true), (Listed(HostOf(both)!, Domains), CarriesKeyword(HostOf(both)!, Keywords)));
        }

        [Fact]
        public void Skip_every_listed_domain_whose_host_carries_a_keyword_in_any_label_or_substring()
        {
            string[] domains = ["deepseek.com", "api-moonshot.cn", "xminimaxy.net", "plain.org"];

            var matrix = ProbeMatrix.FromScan(ReportWith(HostChecks("ANTHROPIC_BASE_URL", domains, Keywords)));

            var listedOnly = Assert.Single(matrix.Variants, v => v.Name.EndsWith("(no keyword)", StringComparison.Ordinal));
            Assert.Equal("api.plain.org", HostOf(listedOnly));
        }

        [Fact]
        public void Leave_out_the_listed_domain_alone_when_every_one_carries_a_keyword()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith(HostChecks("ANTHROPIC_BASE_URL", ["deepseek.com", "moonshot.cn"], Keywords)));

            Assert.DoesNotContain(matrix.Variants, v => v.Name.EndsWith("(no keyword)", StringComparison.Ordinal));
            Assert.Contains(matrix.Variants, v => v.Name.StartsWith("keyword host ", StringComparison.Ordinal));
            Assert.Contains(matrix.Variants, v => v.Name.StartsWith("listed domain + keyword ", StringComparison.Ordinal));
        }

        [Fact]
        public void Keep_the_keyword_host_off_the_listed_domains_even_when_the_neutral_one_is_listed()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith(HostChecks("ANTHROPIC_BASE_URL", ["example.com", "sankuai.com"], Keywords)));

            var keywordOnly = Assert.Single(matrix.Variants, v => v.Name.StartsWith("keyword host ", StringComparison.Ordinal));
            Assert.Equal("deepseek-gateway.example.net", HostOf(keywordOnly));
            Assert.Equal("llm-gateway.example.net", HostOf(Assert.Single(matrix.Variants, v => v.Name.StartsWith("plain base url", StringComparison.Ordinal))));
        }

        [Fact]
        public void Are_chosen_the_same_way_every_time()
        {
            var report = ReportWith([.. HostChecks("ANTHROPIC_BASE_URL", Domains, Keywords), TimeZoneCheck("Asia/Shanghai", "Asia/Urumqi")]);

            var first = ProbeMatrix.FromScan(report);
            var second = ProbeMatrix.FromScan(report);

            Assert.Equal(first.Variants.Select(v => v.Name + " " + v.Describe()), second.Variants.Select(v => v.Name + " " + v.Describe()));
        }
    }

    public sealed class Variables
    {
        [Fact]
        public void Are_the_ones_the_code_checks_the_host_of_and_only_those()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith(HostChecks("ANTHROPIC_BASE_URL", Domains, Keywords)));

            var derived = matrix.Variants.Where(v => v.Name.StartsWith("listed domain", StringComparison.Ordinal) || v.Name.StartsWith("keyword host", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, derived.Count);
            Assert.All(derived, v => Assert.Equal(["ANTHROPIC_BASE_URL"], v.Environment.Keys));
        }

        [Fact]
        public void Are_every_base_url_variable_when_the_scan_names_none()
        {
            var report = ReportWith([], new Finding
            {
                RuleId = "TT1001", Title = "list", Severity = Severity.High, Location = Here, Evidence = new Evidence(""),
                Capabilities = ["list.hidden:domains"], Items = ["sankuai.com"],
            });

            var matrix = ProbeMatrix.FromScan(report);

            var listedOnly = Assert.Single(matrix.Variants, v => v.Name.EndsWith("(no keyword)", StringComparison.Ordinal));
            Assert.Equal(ProbeMatrix.BaseUrlVariables.Order(StringComparer.Ordinal), listedOnly.Environment.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("https://api.sankuai.com/v1", listedOnly.Environment["OPENAI_BASE_URL"]);
        }

        [Fact]
        public void Name_the_plain_host_with_the_same_variables()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith([.. HostChecks("MY_LLM_URL", Domains, Keywords), TimeZoneCheck("Asia/Shanghai")]));

            var plainWithZone = Assert.Single(matrix.Variants, v => v.Name.StartsWith("plain base url", StringComparison.Ordinal) && v.Environment.ContainsKey("TZ"));
            Assert.Equal(["MY_LLM_URL", "TZ"], plainWithZone.Environment.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("https://llm-gateway.example.com", plainWithZone.Environment["MY_LLM_URL"]);
        }
    }

    public sealed class TimeZonesAndLocales
    {
        [Fact]
        public void Give_each_compared_zone_alone_and_with_a_plain_base_url()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith([.. HostChecks("ANTHROPIC_BASE_URL", Domains, Keywords), TimeZoneCheck("Asia/Shanghai", "Asia/Urumqi")]));

            foreach (var zone in new[] { "Asia/Shanghai", "Asia/Urumqi" })
            {
                Assert.Single(matrix.Variants, v => v.Environment.Count == 1 && v.Environment.GetValueOrDefault("TZ") == zone);
                var withUrl = Assert.Single(matrix.Variants, v => v.Environment.GetValueOrDefault("TZ") == zone && v.Environment.Count == 2);
                Assert.Equal("llm-gateway.example.com", HostOf(withUrl));
            }
        }

        [Fact]
        public void Turn_a_compared_utc_offset_into_an_etc_zone()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith([TimeZoneCheck("-480", "300", "-330")]));

            Assert.Contains(matrix.Variants, v => v.Environment.Count == 1 && v.Environment.GetValueOrDefault("TZ") == "Etc/GMT-8");
            Assert.Contains(matrix.Variants, v => v.Environment.Count == 1 && v.Environment.GetValueOrDefault("TZ") == "Etc/GMT+5");
            Assert.Equal(2, matrix.Variants.Count(v => v.Environment.Count == 1 && v.Environment.GetValueOrDefault("TZ")?.StartsWith("Etc/", StringComparison.Ordinal) == true));
        }

        [Fact]
        public void Give_compared_locales_as_posix_locales()
        {
            var locale = Step(BehaviourStepKind.Comparison, null, ["zh-Hans-CN", "ja", "not a locale"], Step(BehaviourStepKind.Source, "host.locale"));

            var matrix = ProbeMatrix.FromScan(ReportWith([locale]));

            Assert.Contains(matrix.Variants, v => v.Name == "locale zh_CN.UTF-8" && v.Environment["LANG"] == "zh_CN.UTF-8" && v.Environment["LC_ALL"] == "zh_CN.UTF-8");
            Assert.Contains(matrix.Variants, v => v.Name == "locale ja.UTF-8");
            Assert.Equal(2, matrix.Source.DerivedVariants);
        }
    }

    public sealed class Proxies
    {
        [Fact]
        public void Are_set_as_the_code_reads_them_and_bypassed()
        {
            var report = ReportWith([Read("https_proxy"), Read("ALL_PROXY"), Read("Https_Proxy")]);

            var matrix = ProbeMatrix.FromScan(report);

            var proxies = Assert.Single(matrix.Variants, v => v.Name == "proxy variables the code reads");
            Assert.Equal(["ALL_PROXY", "NO_PROXY", "https_proxy"], proxies.Environment.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("*", proxies.Environment["NO_PROXY"]);
        }

        [Fact]
        public void Are_not_derived_when_the_code_reads_none()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith([TimeZoneCheck("Asia/Shanghai")]));

            Assert.DoesNotContain(matrix.Variants, v => v.Name == "proxy variables the code reads");
        }
    }

    public sealed class TheMatrix
    {
        [Fact]
        public void Starts_with_the_baseline_adds_the_defaults_once_and_names_every_variant_once()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith([.. HostChecks("ANTHROPIC_BASE_URL", Domains, Keywords), TimeZoneCheck("Asia/Shanghai")]));

            Assert.Equal(ProbeMatrix.BaselineName, matrix.Variants[0].Name);
            Assert.Empty(matrix.Variants[0].Environment);
            Assert.Single(matrix.Variants, v => v.Environment.Count == 1 && v.Environment.GetValueOrDefault("TZ") == "Asia/Shanghai");
            Assert.Equal(matrix.Variants.Count, matrix.Variants.Select(v => v.Name).Distinct().Count());
            Assert.Equal(matrix.Variants.Count, matrix.Variants.Select(v => v.Describe()).Distinct().Count());
            Assert.Contains(matrix.Variants, v => v.Name == "base url api.deepseek.com (listed domain)");
            Assert.Equal(ProbeMatrixOrigin.Scan, matrix.Source.Origin);
            Assert.Equal(new string('a', 64), matrix.Source.Sha256);
            Assert.Equal(6, matrix.Source.DerivedVariants); // three hosts, the plain host, the zone alone and with it
        }

        [Fact]
        public void Is_the_defaults_when_the_scan_calls_for_nothing()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith([]));

            Assert.Equal(ProbeMatrix.Default.Variants, matrix.Variants);
            Assert.Equal(0, matrix.Source.DerivedVariants);
            Assert.Contains("nothing to vary", matrix.Source.Summary(), StringComparison.Ordinal);
        }

        [Fact]
        public void Stays_bounded_and_valid_on_hostile_lists()
        {
            var domains = Enumerable.Range(0, 10_000).Select(i => $"d{i}.example.cn")
                .Prepend("a..b.cn").Prepend("-bad.cn").Prepend("évil.cn").Prepend("sp ace.cn").Prepend(new string('x', 300) + ".cn").Prepend("nul\0.cn").Prepend("*.WILD.CN")
                .ToList();
            var keywords = Enumerable.Range(0, 5_000).Select(i => $"kw{i}").Prepend("").Prepend("two words").Prepend("dots.in.it").Prepend("ü").ToList();
            var zones = Enumerable.Range(0, 50).Select(i => $"Asia/Zone{i}").Prepend("Asia/Sh anghai").Prepend("../../etc/passwd").ToArray();
            var locale = Step(BehaviourStepKind.Comparison, null, [.. Enumerable.Range(0, 50).Select(i => $"z{(char)('a' + (i % 26))}-C{(char)('A' + (i % 26))}"), "x\ny"], Step(BehaviourStepKind.Source, "host.locale"));
            var report = ReportWith([.. HostChecks("ANTHROPIC_BASE_URL", domains, keywords), .. HostChecks("BAD NAME", domains, keywords), TimeZoneCheck(zones), locale, Read("HTTPS_PROXY")]);

            var matrix = ProbeMatrix.FromScan(report);

            Assert.InRange(matrix.Variants.Count, 1, ProbeMatrix.MaxVariantsFromScan);
            Assert.All(matrix.HostNames(), h => Assert.Matches(LdhHostName(), h));
            Assert.Equal("api.wild.cn", HostOf(Assert.Single(matrix.Variants, v => v.Name.EndsWith("(no keyword)", StringComparison.Ordinal))));
            Assert.Equal("kw0-gateway.example.com", HostOf(Assert.Single(matrix.Variants, v => v.Name.StartsWith("keyword host", StringComparison.Ordinal))));
            Assert.Equal(4, matrix.Variants.Count(v => v.Environment.Count == 1 && v.Environment.GetValueOrDefault("TZ")?.StartsWith("Asia/Zone", StringComparison.Ordinal) == true));
            Assert.All(matrix.Variants.SelectMany(v => v.Environment), kv => Assert.DoesNotMatch("[\\s\\u0000]", kv.Key + (kv.Value ?? "")));
        }

        [Fact]
        public void Drops_the_plain_host_rather_than_use_one_that_carries_a_keyword()
        {
            var matrix = ProbeMatrix.FromScan(ReportWith([.. HostChecks("ANTHROPIC_BASE_URL", ["sankuai.com"], ["e", "w"]), TimeZoneCheck("Asia/Shanghai")]));

            Assert.DoesNotContain(matrix.Variants, v => v.Name.StartsWith("plain base url", StringComparison.Ordinal));
            Assert.All(matrix.HostNames(), h => Assert.Matches(LdhHostName(), h));
        }
    }
}
