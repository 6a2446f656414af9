using Telltale.Probing.Matrix;
using Telltale.Probing.Running;
using Telltale.Tests.Probing.Isolation;

namespace Telltale.Tests.Probing.Running;

public class ProbeRunnerTests
{
    internal static readonly string CovertAgent = Path.Combine(AppContext.BaseDirectory, "Probing", "Fixtures", "covert-agent.js");

    internal static ProbeMatrix AgentMatrix(int repeats = 2) => ProbeMatrixLoader.Parse($"""
        repeats: {repeats}
        variants:
          - name: defaults
            env: {"{}"}
          - name: tz only
            env: {"{ TZ: Asia/Shanghai }"}
          - name: listed
            env: {"{ ANTHROPIC_BASE_URL: https://api.rival-lab.example }"}
          - name: keyword
            env: {"{ ANTHROPIC_BASE_URL: https://frontier-gateway.example.com }"}
          - name: both
            env: {"{ ANTHROPIC_BASE_URL: https://frontier.rival-lab.example }"}
          - name: plain + tz
            env: {"{ ANTHROPIC_BASE_URL: https://llm.example.com, TZ: Asia/Shanghai }"}
        """);

    [Collection(ProbeRunsCollection.Name)]
    public class RunAsync
    {
        [NetworkIsolationFact]
        public async Task Runs_every_variant_and_repeat_isolated_and_captures_its_requests_over_tls()
        {
            var outcomes = await ProbeRunner.RunAsync(new ProbedProgram("node", [CovertAgent, "say hi"]), AgentMatrix(), new ProbeOptions());

            Assert.Equal(12, outcomes.Count);
            Assert.All(outcomes, o => Assert.False(o.TimedOut));
            Assert.All(outcomes, o => Assert.True(o.Run.ExitCode == 0, $"{o.Run.Variant}: exit {o.Run.ExitCode}: {o.Run.Stderr}"));
            Assert.All(outcomes, o => Assert.Equal("hi", o.Run.Stdout.Trim()));

            var listed = outcomes.First(o => o.Run.Variant == "listed").Run;
            var request = Assert.Single(listed.Requests);
            Assert.Equal("POST", request.Method);
            Assert.Equal("api.rival-lab.example", request.Host);
            Assert.StartsWith("/v1/messages", request.Path, StringComparison.Ordinal);
            Assert.Contains("Today\u2019s date is 2026-11-23.", request.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-telltale", string.Join(",", request.Headers.Values), StringComparison.Ordinal);

            var defaults = outcomes.First(o => o.Run.Variant == "defaults").Run;
            Assert.Equal("api.anthropic.com", Assert.Single(defaults.Requests).Host);
            Assert.Contains("Today's date is 2026/11/23.", outcomes.First(o => o.Run.Variant == "plain + tz").Run.Requests[0].Body, StringComparison.Ordinal);
        }

        [NetworkIsolationFact]
        public async Task Gives_every_run_a_fresh_home_with_or_without_a_progress_display()
        {
            // A tool keeps state in its home (Claude Code's .claude.json): a shared one makes later runs differ from earlier ones.
            var program = new ProbedProgram("sh", ["-c", "ls -A \"$HOME\" | wc -l; touch \"$HOME/state\""]);
            var matrix = new ProbeMatrix([new ProbeVariant("defaults", new Dictionary<string, string?>()), new ProbeVariant("tz", new Dictionary<string, string?> { ["TZ"] = "Asia/Shanghai" })]);

            var quiet = await ProbeRunner.RunAsync(program, matrix, new ProbeOptions());
            var shown = await ProbeRunner.RunAsync(program, matrix, new ProbeOptions(), new Progress<ProbeProgress>());

            Assert.All([.. quiet, .. shown], o => Assert.Equal("0", o.Run.Stdout.Trim()));
        }

        [NetworkIsolationFact]
        public async Task Kills_a_run_that_outlives_its_timeout()
        {
            var outcomes = await ProbeRunner.RunAsync(
                new ProbedProgram("sleep", ["30"]),
                new ProbeMatrix([new ProbeVariant("defaults", new Dictionary<string, string?>())], Repeats: 2),
                new ProbeOptions { RunTimeout = TimeSpan.FromMilliseconds(300) });

            Assert.All(outcomes, o => Assert.True(o.TimedOut));
        }

        [NetworkIsolationFact]
        public async Task Gives_the_tool_no_route_to_anything_but_loopback()
        {
            var outcomes = await ProbeRunner.RunAsync(
                new ProbedProgram("node", ["-e", "fetch('https://registry.npmjs.org/').then(()=>console.log('reached')).catch(e=>console.log('blocked', e.cause?.code))"]),
                new ProbeMatrix([new ProbeVariant("defaults", new Dictionary<string, string?>())], Repeats: 2),
                new ProbeOptions());

            Assert.All(outcomes, o => Assert.StartsWith("blocked", o.Run.Stdout.Trim(), StringComparison.Ordinal));
        }
    }

    [Collection(ProbeRunsCollection.Name)]
    public class ProbeRunAsync
    {
        [NetworkIsolationFact]
        public async Task Reports_the_channels_by_factor_and_sets_aside_the_request_id_and_the_body_hash()
        {
            var report = await Probe.RunAsync(new ProbedProgram("node", [CovertAgent, "say hi"]), AgentMatrix(), new ProbeOptions());

            var channels = report.Channels;
            Assert.Contains(channels, c => c.Kind == Telltale.Probing.DifferenceKind.LookAlike && c.Variants.SequenceEqual(["listed"]) && c.Changes.Single().NewCodePoints.Single() == "U+2019 RIGHT SINGLE QUOTATION MARK");
            Assert.Contains(channels, c => c.Kind == Telltale.Probing.DifferenceKind.LookAlike && c.Variants.SequenceEqual(["keyword"]) && c.Changes.Single().NewCodePoints.Single() == "U+02BC MODIFIER LETTER APOSTROPHE");
            var date = Assert.Single(channels, c => c.Kind == Telltale.Probing.DifferenceKind.Text);
            Assert.Equal(["plain + tz"], date.Variants);
            Assert.DoesNotContain(channels, c => c.Variants.Contains("tz only"));

            // The cch= token hashes the body: it changes with every other change, so it is derived, not a channel.
            Assert.NotEmpty(report.Comparison.Derived);
            Assert.DoesNotContain(channels, c => c.Field.Path.StartsWith("system[0]", StringComparison.Ordinal));
            Assert.Contains(report.Comparison.Noise, n => n.Field.Path.Contains("request_id", StringComparison.Ordinal));
            Assert.True(report.HasEnvironmentDependentDifferences);
        }
    }
}
