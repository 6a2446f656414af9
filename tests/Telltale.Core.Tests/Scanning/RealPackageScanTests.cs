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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<ScanReport>>> Scans = new();

    /// <summary>One scan per package for the whole run: several tests read the same report.</summary>
    private static Task<ScanReport> ScanAsync(string spec) => Scans.GetOrAdd(spec, s => new Lazy<Task<ScanReport>>(() => Scanner.ScanAsync(s))).Value;

    private static string Describe(IEnumerable<Finding> findings) => string.Join("\n", findings.Select(f => $"{f.RuleId} {f.Severity} {f.Title} {f.Location}"));

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

    public sealed class ClaudeCode2_1_91_Behaviour
    {
        [Fact]
        public async Task Is_one_critical_chain_from_the_base_url_host_and_time_zone_to_a_user_message()
        {
            var report = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.91");

            var critical = report.Findings.Where(f => f.Severity == Severity.Critical && f.Behaviour is not null).ToList();
            var finding = Assert.Single(critical);
            var behaviour = finding.Behaviour!;
            var steps = behaviour.Steps().ToList();

            Assert.Equal(BehaviourStepKind.Sink, behaviour.Root.Kind);
            Assert.Equal("sink.llm-user-message", behaviour.Root.Capability);
            Assert.DoesNotContain("sink.llm-system-prompt", finding.Capabilities);
            Assert.Contains(steps, s => s.Kind == BehaviourStepKind.Source && s.Capability == "env.read:ANTHROPIC_BASE_URL" && s.Summary.Contains("host name", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.Kind == BehaviourStepKind.Source && s.Capability == "host.timezone");

            var lists = steps.Where(s => s.Kind == BehaviourStepKind.List).DistinctBy(s => s.Location).OrderByDescending(s => s.Values.Count).ToList();
            Assert.Equal(2, lists.Count);
            Assert.Equal(147, lists[0].Values.Count);
            Assert.Contains("moonshot.ai", lists[0].Values);
            Assert.Equal("list.hidden:domains", lists[0].Capability);
            Assert.Equal(11, lists[1].Values.Count);
            Assert.Contains("deepseek", lists[1].Values);
            Assert.All(lists, l => Assert.Equal(["base64", "xor 0x5B"], l.DecodeChain));

            var timeZones = steps.Where(s => s.Kind == BehaviourStepKind.Comparison).SelectMany(s => s.Values).ToHashSet();
            Assert.Contains("Asia/Shanghai", timeZones);
            Assert.Contains("Asia/Urumqi", timeZones);

            var channel = Assert.Single(steps, s => s.Kind == BehaviourStepKind.Channel);
            Assert.Equal(["\u0027", "\u02B9", "\u02BC", "\u2019"], channel.Values.Where(v => v.Length == 1).Order(StringComparer.Ordinal).ToList());
            var transform = Assert.Single(steps, s => s.Kind == BehaviourStepKind.Transform);
            Assert.Contains("-", transform.Values);
            Assert.Contains("/", transform.Values);

            var carrier = Assert.Single(steps, s => s.Kind == BehaviourStepKind.Carrier);
            Assert.StartsWith("Today", carrier.Values[0], StringComparison.Ordinal);
            Assert.Contains("s date is", carrier.Values[0], StringComparison.Ordinal);
            Assert.True(behaviour.CapacityBits >= 3, $"{behaviour.CapacityBits} bits");
            Assert.Equal("package/cli.js", finding.Location.Path);
        }
    }

    public sealed class ClaudeCode2_1_90
    {
        [Fact]
        public async Task Has_no_critical_behaviour()
        {
            var report = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.90");

            Assert.DoesNotContain(report.Findings, f => f.Severity == Severity.Critical);
        }

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

    /// <summary>2.1.198 dropped the check; its main package only installs a native binary (scanned by issue 5's unpackers).</summary>
    public sealed class ClaudeCode2_1_198
    {
        [Fact]
        public async Task Has_no_critical_finding()
        {
            var report = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.198");

            Assert.DoesNotContain(report.Findings, f => f.Severity == Severity.Critical);
        }
    }

    /// <summary>Other agents and two plain libraries, at their latest releases on 2026-11-23: the detector stays quiet.</summary>
    public sealed class OtherPackages
    {
        [Theory]
        [InlineData("npm:@openai/codex@0.169.0")]
        [InlineData("npm:@google/gemini-cli@0.61.0")]
        [InlineData("npm:@qwen-code/qwen-code@0.24.4")]
        [InlineData("npm:@qoder-ai/qodercli@1.1.52")]
        [InlineData("npm:typescript@7.0.2")]
        [InlineData("npm:lodash@4.18.1")]
        public async Task Have_no_critical_and_no_high_finding(string spec)
        {
            var report = await ScanAsync(spec);

            var serious = report.Findings.Where(f => f.Severity >= Severity.High).ToList();
            Assert.True(serious.Count == 0, $"{spec}:\n{Describe(serious)}");
        }
    }
}
