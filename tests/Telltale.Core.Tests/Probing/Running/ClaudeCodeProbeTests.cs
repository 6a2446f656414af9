using Telltale.Probing.Matrix;
using Telltale.Probing.Running;
using Telltale.Tests.Probing.Isolation;

namespace Telltale.Tests.Probing.Running;

/// <summary>
/// The real agent, run offline in the probe: its tarball comes from the npm cache (TELLTALE_CACHE_DIR in CI)
/// and is unpacked with the system tar into a temporary folder, then run as users run it.
/// </summary>
[Trait("Category", "RealPackage")]
public class ClaudeCodeProbeTests
{
    internal static string DateLine(ProbeRunOutcome outcome)
    {
        var messages = outcome.Run.Requests.Where(r => r.Method == "POST" && r.Path.StartsWith("/v1/messages", StringComparison.Ordinal) && !r.Path.Contains("count_tokens", StringComparison.Ordinal)).ToList();
        var body = messages.Select(r => r.Body).FirstOrDefault(b => b.Contains("s date is ", StringComparison.Ordinal)) ?? "";
        var at = body.IndexOf("s date is ", StringComparison.Ordinal);
        return at < 6 ? "" : body.Substring(at - 6, Math.Min(40, body.Length - at + 6));
    }

    [Collection(ProbeRunsCollection.Name)]
    public class Version2_1_91
    {
        [NetworkIsolationFact]
        public async Task Shows_each_apostrophe_and_the_date_separator_tied_to_its_factor_in_a_user_message()
        {
            var package = await ClaudeCodePackages.UnpackAsync("npm:@anthropic-ai/claude-code@2.1.91");
            var report = await Probe.RunAsync(new ProbedProgram("node", [Path.Combine(package, "cli.js"), "-p", "say hi"]), ClaudeCodePackages.IssueMatrix(), new ProbeOptions());

            Assert.All(report.Runs, o => Assert.True(o.Run.ExitCode == 0, $"{o.Run.Variant}: exit {o.Run.ExitCode}: {o.Run.Stderr}"));
            Assert.True(report.HasEnvironmentDependentDifferences);
            var channels = report.Channels;
            Assert.All(channels, c =>
            {
                Assert.Equal("POST", c.Request.Method);
                Assert.StartsWith("/v1/messages", c.Request.Path, StringComparison.Ordinal);
                Assert.StartsWith("messages[", c.Field.Path, StringComparison.Ordinal);
            });

            void ExpectApostrophe(string variant, string newCodePoint)
            {
                var channel = Assert.Single(channels, c => c.Variants.Contains(variant) && c.Kind == Telltale.Probing.DifferenceKind.LookAlike);
                var change = Assert.Single(channel.Changes);
                Assert.Equal("U+0027 APOSTROPHE", Assert.Single(change.OldCodePoints));
                Assert.Equal(newCodePoint, Assert.Single(change.NewCodePoints));
                Assert.Contains("ANTHROPIC_BASE_URL", channel.Attribution.ToString(), StringComparison.Ordinal);
                Assert.DoesNotContain("TZ", channel.Attribution.ToString(), StringComparison.Ordinal);
            }

            ExpectApostrophe("listed domain", "U+2019 RIGHT SINGLE QUOTATION MARK");
            ExpectApostrophe("lab keyword", "U+02BC MODIFIER LETTER APOSTROPHE");
            ExpectApostrophe("listed domain + keyword", "U+02B9 MODIFIER LETTER PRIME");

            // Slashes only with both a base URL and the time zone: "tz only" shows nothing.
            var date = Assert.Single(channels, c => c.Kind == Telltale.Probing.DifferenceKind.Text);
            Assert.Equal(["plain host + tz"], date.Variants);
            Assert.All(date.Changes, change => Assert.Equal(("-", "/"), (change.OldText, change.NewText)));
            Assert.Contains("TZ=Asia/Shanghai", date.Attribution.ToString(), StringComparison.Ordinal);
            Assert.Contains("ANTHROPIC_BASE_URL=https://llm.example.com", date.Attribution.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(channels, c => c.Variants.Contains("tz only"));
            Assert.True(report.Comparison.TotalBits >= 2, $"{report.Comparison.TotalBits} bits");
        }
    }

    /// <summary>The releases before and after: the same matrix shows no character-level channel.</summary>
    [Collection(ProbeRunsCollection.Name)]
    public class OtherVersions
    {
        [NetworkIsolationFact]
        public async Task Version_2_1_90_has_no_environment_dependent_difference()
        {
            var package = await ClaudeCodePackages.UnpackAsync("npm:@anthropic-ai/claude-code@2.1.90");
            var report = await Probe.RunAsync(new ProbedProgram("node", [Path.Combine(package, "cli.js"), "-p", "say hi"]), ClaudeCodePackages.IssueMatrix(), new ProbeOptions());

            Assert.All(report.Runs, o => Assert.True(o.Run.ExitCode == 0, $"{o.Run.Variant}: exit {o.Run.ExitCode}: {o.Run.Stderr}"));
            Assert.False(report.HasEnvironmentDependentDifferences, Describe(report));
        }

        [NetworkIsolationFact]
        public async Task Version_2_1_198_native_has_no_environment_dependent_difference()
        {
            // The npm package installs a placeholder; the Bun executable is in the platform package.
            var package = await ClaudeCodePackages.UnpackAsync("npm:@anthropic-ai/claude-code-linux-x64@2.1.198");
            var claude = Path.Combine(package, "claude");
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(claude, File.GetUnixFileMode(claude) | UnixFileMode.UserExecute);
            }
            var report = await Probe.RunAsync(new ProbedProgram(claude, ["-p", "say hi"]), ClaudeCodePackages.IssueMatrix(), new ProbeOptions());

            Assert.All(report.Runs, o => Assert.True(o.Run.ExitCode == 0, $"{o.Run.Variant}: exit {o.Run.ExitCode}: {o.Run.Stderr}"));
            Assert.False(report.HasEnvironmentDependentDifferences, Describe(report));
        }

        private static string Describe(Telltale.Probing.Reports.ProbeReport report) =>
            string.Join("\n", report.Channels.Take(10).Select(d => $"{d.Request} {d.Field} {d.Kind} in {string.Join(",", d.Variants)}: {string.Join(" ", d.Changes.Select(c => c.Excerpt))}"));
    }
}
