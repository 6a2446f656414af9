using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Scanning;

namespace Telltale.Tests.Scanning;

/// <summary>
/// The scans the project exists for, on the real packages from the npm registry. Downloads are cached
/// under the user's cache folder (TELLTALE_CACHE_DIR in CI), so only the first run pays for them.
/// </summary>
[Trait("Category", "RealPackage")]
public sealed class RealPackageScanTests
{
    private static readonly Scanner Scanner = new(new ScanOptions(), new TargetResolver());

    private static Task<ScanReport> ScanAsync(string spec) => Scanner.ScanAsync(spec);

    public sealed class ClaudeCode2_1_91
    {
        [Fact]
        public async Task Reports_both_hidden_lists_decoded_in_full_with_their_chain_and_location()
        {
            var report = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.91");

            var lists = report.Findings.Where(f => f.RuleId == "TT1001").OrderByDescending(f => f.Items.Count).ToList();
            Assert.Equal(2, lists.Count);
            var domains = lists[0];
            var labs = lists[1];

            Assert.Equal(147, domains.Items.Count);
            Assert.Contains("moonshot.ai", domains.Items);
            Assert.Contains("alibaba-inc.com", domains.Items);
            Assert.Equal(11, labs.Items.Count);
            Assert.Contains("deepseek", labs.Items);
            Assert.Contains("moonshot", labs.Items);
            foreach (var list in lists)
            {
                Assert.True(list.Severity >= Severity.High, $"{list.Title} is {list.Severity}");
                Assert.Equal(["base64", "xor 0x5B"], list.Evidence.Chain);
                Assert.Equal("package/cli.js", list.Location.Path);
                Assert.True(list.Location.Line > 0 && list.Location.Column > 0 && list.Location.Offset > 0);
            }

            Assert.Equal("@anthropic-ai/claude-code", report.Target.Name);
            Assert.Equal("2.1.91", report.Target.Version);
            Assert.Equal(64, report.Target.Sha256.Length);
        }
    }

    public sealed class ClaudeCode2_1_90
    {
        [Fact]
        public async Task Has_no_finding_at_high_or_above()
        {
            var report = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.90");

            var serious = report.Findings.Where(f => f.Severity >= Severity.High).Select(f => $"{f.RuleId} {f.Title} {f.Location}").ToList();
            Assert.Empty(serious);
            Assert.True(report.Statistics.Literals > 100_000, "the bundle was not read");
        }
    }

    public sealed class QoderCli1_1_52
    {
        [Fact]
        public async Task Recognises_one_scheme_recovers_its_key_and_decodes_at_least_95_percent()
        {
            var report = await ScanAsync("npm:@qoder-ai/qodercli@1.1.52");

            var scheme = Assert.Single(report.Schemes, s => s.Callee == "_$d");
            Assert.True(scheme.LiteralCount > 10_000, $"only {scheme.LiteralCount} literals");
            Assert.True(scheme.DecodedFraction >= 0.95, $"decoded {scheme.DecodedFraction:P1}");
            Assert.Equal(12, scheme.KeyHex.Length / 2);
            Assert.Equal("base64", scheme.Chain[0]);
            Assert.NotEmpty(scheme.Samples);

            // Summarised once, not one finding per literal.
            Assert.Single(report.Findings, f => f.RuleId == "TT1301");
            Assert.True(report.Findings.Count < 500, $"{report.Findings.Count} findings");
        }
    }
}
