using Telltale.Probing;
using Telltale.Probing.Matrix;

namespace Telltale.Tests.Probing.Matrix;

public class ProbeMatrixTests
{
    public class Default
    {
        [Fact]
        public void Covers_time_zone_locale_base_url_hosts_and_proxies_with_a_baseline()
        {
            var variants = ProbeMatrix.Default.Variants;

            Assert.Contains(variants, v => v.Environment.Count == 0);
            Assert.Contains(variants, v => v.Environment.Count == 1 && v.Environment.GetValueOrDefault("TZ") == "Asia/Shanghai");
            Assert.Contains(variants, v => v.Environment.ContainsKey("LANG"));
            Assert.Contains(variants, v => v.Environment.ContainsKey("HTTPS_PROXY"));
            Assert.Contains(variants, v => v.Environment.GetValueOrDefault("ANTHROPIC_BASE_URL") is { } url && v.Environment.ContainsKey("TZ"));
            Assert.Equal(2, ProbeMatrix.Default.Repeats);
            Assert.Equal(variants.Count, variants.Select(v => v.Name).Distinct().Count());
        }

        [Fact]
        public void Names_every_host_its_urls_use_plus_the_default_api_hosts()
        {
            var hosts = ProbeMatrix.Default.HostNames();

            Assert.Contains("llm-gateway.example.com", hosts);
            Assert.Contains("api.anthropic.com", hosts);
            Assert.DoesNotContain("proxy.example.com", hosts.Where(h => h.StartsWith("http", StringComparison.Ordinal)));
        }
    }

    public class Parse
    {
        [Fact]
        public void Reads_variants_unsets_and_repeats_and_adds_a_baseline()
        {
            var matrix = ProbeMatrixLoader.Parse("""
                repeats: 3
                variants:
                  - name: listed
                    env: { ANTHROPIC_BASE_URL: https://api.example.cn, TZ: Asia/Shanghai }
                  - name: no proxy
                    env: { HTTPS_PROXY: ~ }
                """);

            Assert.Equal(3, matrix.Repeats);
            Assert.Equal(ProbeMatrix.BaselineName, matrix.Variants[0].Name);
            Assert.Equal("https://api.example.cn", matrix.Variants[1].Environment["ANTHROPIC_BASE_URL"]);
            Assert.Null(matrix.Variants[2].Environment["HTTPS_PROXY"]);
            Assert.Contains("api.example.cn", matrix.HostNames());
        }

        [Theory]
        [InlineData("variants: []", "non-empty")]
        [InlineData("repeats: 1\nvariants:\n  - name: a\n    env: {}", "from 2")]
        [InlineData("variants:\n  - name: a\n    env: {}\n  - name: a\n    env: { TZ: UTC }", "two variants")]
        [InlineData("variants:\n  - name: a\n    env: { \"A B\": x }", "invalid variable")]
        [InlineData("variants: [ {", "not valid YAML")]
        [InlineData("- just a list", "mapping")]
        public void Refuses_bad_files_with_one_line(string yaml, string expected)
        {
            var error = Assert.Throws<ProbeException>(() => ProbeMatrixLoader.Parse(yaml));

            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
    }
}
