using Telltale.Gateway;
using Telltale.Policy;
using Telltale.Probing;
using Telltale.Probing.Matrix;
using Telltale.Probing.Running;
using Telltale.Tests.Probing.Isolation;
using Telltale.Tests.Probing.Running;

namespace Telltale.Tests.Probing;

/// <summary>
/// Issue 15's proof on the real agent: Claude Code 2.1.91 probed under the issue's matrix without the gateway and through
/// it (the probe's namespace resolves every listed host to the gateway, whose upstream is the capture endpoint).
/// </summary>
[Trait("Category", "RealPackage")]
[Collection("Gateway probe runs")]
public sealed class ProbeThroughGatewayTests
{
    private static readonly string[] Apostrophes = ["\u2019", "\u02BC", "\u02B9"];

    [NetworkIsolationFact]
    public async Task Normalise_mode_lets_the_apostrophes_reach_the_gateway_and_none_reach_the_upstream_while_the_date_separator_is_reported()
    {
        var package = await ClaudeCodePackages.UnpackAsync("npm:@anthropic-ai/claude-code@2.1.91");
        using var gateway = new GatewayFrontDoor(GatewayMode.Normalise);

        var report = await Probe.RunThroughFrontDoorAsync(
            new ProbedProgram("node", [Path.Combine(package, "cli.js"), "-p", "say hi"]), ClaudeCodePackages.IssueMatrix(), new ProbeOptions(), gateway);

        Assert.All(report.Direct.Runs.Concat(report.Through.Runs), o => Assert.True(o.Run.ExitCode == 0, $"{o.Run.Variant}: exit {o.Run.ExitCode}: {o.Run.Stderr}"));

        // Without the gateway: each apostrophe in its variant.
        void Closed(string variant, string codePoint)
        {
            var channel = Assert.Single(report.Channels, c => c.Channel.Kind == DifferenceKind.LookAlike && c.Channel.Variants.Contains(variant));
            Assert.Equal(codePoint, Assert.Single(Assert.Single(channel.Channel.Changes).NewCodePoints));
            Assert.False(channel.ReachesUpstream, $"{codePoint} in {variant} still reaches the upstream");
        }

        Closed("listed domain", "U+2019 RIGHT SINGLE QUOTATION MARK");
        Closed("lab keyword", "U+02BC MODIFIER LETTER APOSTROPHE");
        Closed("listed domain + keyword", "U+02B9 MODIFIER LETTER PRIME");

        // They reached the gateway, which changed them in those variants only (U+2019 also stands in prose in every variant).
        Assert.Equal(["lab keyword"], Assert.Single(report.CharacterChanges, c => c.Before == "U+02BC").Variants.Select(v => v.Variant));
        Assert.Equal(["listed domain + keyword"], Assert.Single(report.CharacterChanges, c => c.Before == "U+02B9").Variants.Select(v => v.Variant));
        var curly = Assert.Single(report.CharacterChanges, c => c.Before == "U+2019");
        Assert.True(curly.Variants.Single(v => v.Variant == "listed domain").Changes > curly.Variants.Single(v => v.Variant == "defaults").Changes);

        // None of the three reaches the upstream in any request of any run.
        foreach (var outcome in report.Through.Runs)
        {
            foreach (var request in outcome.Run.Requests.Where(r => r.Path.StartsWith("/v1/messages", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain(Apostrophes, a => request.Body.Contains(a, StringComparison.Ordinal));
            }
        }

        // The date separator is plain ASCII: not rewritten, so it still reaches the upstream, and the gateway saw its form.
        var date = Assert.Single(report.Channels, c => c.Channel.Kind == DifferenceKind.Text);
        Assert.True(date.ReachesUpstream);
        Assert.Equal(["plain host + tz"], date.Channel.Variants);
        var forms = report.DateForms.ToDictionary(f => f.Variant, f => f.Forms);
        Assert.Contains("YYYY/MM/DD", forms["plain host + tz"]);
        Assert.All(forms.Where(f => f.Key != "plain host + tz"), f => Assert.Equal(["YYYY-MM-DD"], f.Value));

        // The gateway's per-client report: one client version, two forms, noticed where the second appeared.
        var (variant, variation) = Assert.Single(report.Variations);
        Assert.Equal("plain host + tz", variant);
        Assert.Equal(("npm:@anthropic-ai/claude-code@2.1.91", "YYYY/MM/DD"), (variation.Client, variation.NewForm));
        Assert.Equal(1, variation.Forms.Single(f => f.Form == "YYYY/MM/DD").Requests);
        Assert.Empty(report.NewChannels);
    }

    [NetworkIsolationFact]
    public async Task Block_mode_refuses_2_1_91_naming_the_alternative_and_lets_2_1_198_through()
    {
        var policy = PolicyLoader.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "claude-code.policy.yaml"));
        var matrix = new ProbeMatrix([new ProbeVariant("defaults", new Dictionary<string, string?>())], Repeats: 2);
        var clock = new FixedClock(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero));

        var banned = await ClaudeCodePackages.UnpackAsync("npm:@anthropic-ai/claude-code@2.1.91");
        using (var gateway = new GatewayFrontDoor(GatewayMode.Block, policy, clock: clock))
        {
            var report = await Probe.RunAsync(new ProbedProgram("node", [Path.Combine(banned, "cli.js"), "-p", "say hi"]), matrix, new ProbeOptions { FrontDoor = gateway });

            var decisions = report.Runs.SelectMany(r => r.FrontDoorDecisions).ToList();
            Assert.NotEmpty(decisions);
            Assert.All(decisions.Where(d => d.Route.StartsWith("/v1/messages", StringComparison.Ordinal)), d => Assert.Equal(("blocked", 403), (d.Action, d.Status)));
            Assert.Contains(decisions, d => d.Action == "blocked" && d.Notes.Any(n => n.Contains("ACME-2026-001", StringComparison.Ordinal)));
            Assert.DoesNotContain(report.Runs.SelectMany(r => r.Run.Requests), r => r.Path.StartsWith("/v1/messages", StringComparison.Ordinal));

            // The agent shows the gateway's message, alternative and all.
            Assert.All(report.Runs, r => Assert.Contains("npm:@openai/codex", r.Run.Stdout + r.Run.Stderr, StringComparison.Ordinal));
        }

        var allowed = await ClaudeCodePackages.UnpackAsync("npm:@anthropic-ai/claude-code-linux-x64@2.1.198");
        var claude = Path.Combine(allowed, "claude");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(claude, File.GetUnixFileMode(claude) | UnixFileMode.UserExecute);
        }

        using (var gateway = new GatewayFrontDoor(GatewayMode.Block, policy, clock: clock))
        {
            var report = await Probe.RunAsync(new ProbedProgram(claude, ["-p", "say hi"]), matrix, new ProbeOptions { FrontDoor = gateway });

            Assert.All(report.Runs, o => Assert.True(o.Run.ExitCode == 0, $"exit {o.Run.ExitCode}: {o.Run.Stderr}"));
            var decisions = report.Runs.SelectMany(r => r.FrontDoorDecisions).ToList();
            Assert.Contains(decisions, d => d.Route.StartsWith("/v1/messages", StringComparison.Ordinal) && d.Status == 200);
            Assert.DoesNotContain(decisions, d => d.Action == "blocked");
            Assert.Contains(report.Runs.SelectMany(r => r.Run.Requests), r => r.Path.StartsWith("/v1/messages", StringComparison.Ordinal));
        }
    }
}

/// <summary>Real agents under the probe run alone: side by side on two cores they time out in their own health checks.</summary>
[CollectionDefinition("Gateway probe runs", DisableParallelization = true)]
public sealed class GatewayProbeRunsCollection;
