using System.Collections.Concurrent;
using Telltale.Artifacts;
using Telltale.Findings;
using Telltale.Scanning;

namespace Telltale.Tests.Scanning;

/// <summary>
/// Claude Code since 2.1.113 ships its program as a Bun executable in a platform package
/// (<c>@anthropic-ai/claude-code-linux-x64</c>); the main package only installs it. These scans fetch
/// that package for linux-x64, read the module graph and must find in the embedded JavaScript what the
/// plain <c>cli.js</c> of 2.1.91 showed. Tarballs (77 and 175 MB) are cached like the other real packages.
/// </summary>
[Trait("Category", "RealPackage")]
public sealed class RealNativePackageScanTests
{
    private static string ExecutablePath(string version) => $"@anthropic-ai/claude-code-linux-x64@{version}!/package/claude";

    private static readonly Scanner Scanner = new(new ScanOptions(), new TargetResolver(NpmPlatform.Parse("linux-x64")));

    private static readonly ConcurrentDictionary<string, Lazy<Task<ScanReport>>> Scans = new();

    private static Task<ScanReport> ScanAsync(string spec) => Scans.GetOrAdd(spec, s => new Lazy<Task<ScanReport>>(() => Scanner.ScanAsync(s))).Value;

    private static string Describe(IEnumerable<Finding> findings) => string.Join("\n", findings.Select(f => $"{f.RuleId} {f.Severity} {f.Title} {f.Location}"));

    /// <summary>Everything a behaviour says except where it is and what the minifier named things: kind, capability, values, decode chain of every step, in order.</summary>
    private static List<string> Shape(Finding finding) =>
    [
        $"{finding.Severity} {finding.Behaviour!.CapacityBits} bits {string.Join(",", finding.Capabilities.Order(StringComparer.Ordinal))}",
        .. finding.Behaviour.Steps().Select(s => $"{s.Kind} {s.Capability} [{string.Join("|", s.Values)}] via [{string.Join(" → ", s.DecodeChain)}]"),
    ];

    public sealed class ClaudeCode2_1_197
    {
        /// <summary>
        /// docs/examples/claude-code.policy.yaml was made by <c>policy suggest</c> from the stored bisection over
        /// 2.1.80–2.1.330: the build it names for 2.1.197 must be this executable, and a check bans it by that hash.
        /// </summary>
        [Fact]
        public async Task Names_the_executable_by_the_sha256_the_example_policy_bans()
        {
            var report = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.197");
            var payload = Assert.Single(report.Payloads, p => p.Path == ExecutablePath("2.1.197"));
            var policy = Telltale.Policy.PolicyLoader.Load(Path.Combine(AppContext.BaseDirectory, "Policy", "claude-code.policy.yaml"));
            var entry = Assert.Single(policy.Entries);
            var build = Assert.Single(entry.Affected[0].NativeBuilds, b => b.Version == "2.1.197");

            Assert.Equal(build.Sha256, payload.ExecutableSha256);
            Assert.Equal(ExecutablePath("2.1.197"), build.Path);
            var installed = new Telltale.Inventory.InventoryItem
            {
                Kind = Telltale.Inventory.InventoryItemKind.NativeExecutable, Ecosystem = "native", Name = "claude", Path = "/home/alice/.local/bin/claude", Source = "PATH", Sha256 = payload.ExecutableSha256,
            };
            var verdict = Telltale.Policy.Compliance.PolicyChecker.Judge(policy, installed, new DateTimeOffset(2026, 7, 10, 9, 0, 0, TimeSpan.Zero));
            Assert.Equal((Telltale.Policy.Compliance.ComplianceOutcome.Banned, Telltale.Policy.Compliance.ComplianceMatch.Sha256), (verdict.Outcome, verdict.Match));
        }

        [Fact]
        public async Task Finds_the_covert_behaviour_exactly_as_in_the_plain_cli_js_of_2_1_91()
        {
            var native = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.197");
            var plain = await new Scanner(new ScanOptions(), new TargetResolver()).ScanAsync("npm:@anthropic-ai/claude-code@2.1.91");

            var nativeFinding = Assert.Single(native.Findings, f => f.Severity == Severity.Critical && f.Behaviour is not null);
            var plainFinding = Assert.Single(plain.Findings, f => f.Severity == Severity.Critical && f.Behaviour is not null);
            Assert.Equal(Shape(plainFinding), Shape(nativeFinding));
            Assert.Equal(ExecutablePath("2.1.197") + "!/$bunfs/root/src/entrypoints/cli.js", nativeFinding.Location.Path);
            Assert.True(nativeFinding.Location.Line > 0 && nativeFinding.Location.Offset > 0);
        }

        [Fact]
        public async Task Scans_the_platform_package_and_every_part_of_the_executable()
        {
            var report = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.197");

            Assert.Equal("linux-x64", report.Target.Platform);
            Assert.Equal("@anthropic-ai/claude-code-linux-x64", Assert.Single(report.Target.PlatformPackages).Name);

            // The hidden lists are in the source module and again in its bytecode, both decoded: one finding each,
            // counted at both places.
            var lists = report.Findings.Where(f => f.RuleId == "TT1001").SelectMany(f => f.OtherLocations.Prepend(f.Location)).Select(l => l.Path).ToList();
            Assert.Contains(lists, p => p.EndsWith("$bunfs/root/src/entrypoints/cli.js", StringComparison.Ordinal));
            Assert.Contains(lists, p => p.EndsWith("$bunfs/root/src/entrypoints/cli.js.jsc", StringComparison.Ordinal));
            Assert.DoesNotContain(report.Findings, f => f.RuleId is "TT1403" or "TT1404" or "TT2000");
        }
    }

    public sealed class ClaudeCode2_1_198
    {
        [Fact]
        public async Task Has_no_covert_behaviour_in_its_executable()
        {
            var report = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.198");

            Assert.Single(report.Target.PlatformPackages);
            Assert.True(report.Statistics.Literals > 100_000, "the executable was not read");
            var critical = report.Findings.Where(f => f.Severity == Severity.Critical).ToList();
            Assert.True(critical.Count == 0, Describe(critical));
        }
    }

    public sealed class ClaudeCode2_1_330
    {
        [Fact]
        public async Task Lists_and_scans_every_embedded_module()
        {
            var report = await ScanAsync("npm:@anthropic-ai/claude-code@2.1.330");

            var payload = Assert.Single(report.Payloads);
            Assert.Equal("bun", payload.Format);
            Assert.Equal(ExecutablePath("2.1.330"), payload.Path);
            var modules = payload.Files.Count(f => f.Kind != "bytecode");
            Assert.True(modules >= 3_700, $"{modules} modules listed");
            Assert.Contains(payload.Files, f => f.IsEntryPoint);
            Assert.True(payload.Files.Count(f => f.Kind == "bytecode") >= 3_000);

            // Every listed file was scanned (zstd assets also as what they inflate to).
            Assert.True(report.Statistics.Entries >= payload.Files.Count, $"{report.Statistics.Entries} entries scanned");
            Assert.DoesNotContain(report.Findings, f => f.RuleId is "TT1403" or "TT1404" or "TT2000");
            Assert.DoesNotContain(report.Findings, f => f.Severity == Severity.Critical);
        }
    }

    /// <summary>Other agents whose program is native code in a platform package (Rust, Go): read, and quiet.</summary>
    public sealed class OtherNativePackages
    {
        [Theory]
        [InlineData("npm:@openai/codex@0.169.0", "@openai/codex")]
        [InlineData("npm:typescript@7.0.2", "@typescript/typescript-linux-x64")]
        public async Task Are_scanned_with_their_platform_package_and_have_no_high_finding(string spec, string platformPackage)
        {
            var report = await ScanAsync(spec);

            Assert.Contains(report.Target.PlatformPackages, p => p.Name == platformPackage);
            var serious = report.Findings.Where(f => f.Severity >= Severity.High).ToList();
            Assert.True(serious.Count == 0, $"{spec}:\n{Describe(serious)}");
        }
    }
}
