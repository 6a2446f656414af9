using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Targets;

namespace Telltale.Tests.Fuzzing;

/// <summary>
/// Every fuzz target for a fixed number of mutated inputs from a fixed seed: the same inputs on every run,
/// so a failure here reproduces with <c>telltale-fuzz run --target NAME --iterations N --seed 20261206</c>.
/// </summary>
public sealed class FuzzSmokeTests
{
    private const int Seed = 20261206;

    // Sized so the whole class runs in well under a minute on two cores: the byte-level targets run a
    // thousand inputs or more a second, the script analysis a few dozen.
    private static readonly Dictionary<string, int> Iterations = new()
    {
        ["tar"] = 1500,
        ["tar.gz"] = 1500,
        ["zip"] = 1500,
        ["zstd"] = 1500,
        ["elf"] = 2000,
        ["pe"] = 2000,
        ["macho"] = 2000,
        ["bun"] = 1500,
        ["node-sea"] = 1500,
        ["pkg"] = 1500,
        ["expander"] = 600,
        ["harvester"] = 300,
        ["behaviour"] = 250,
        ["json-report"] = 1500,
        ["policy"] = 1500,
        ["lockfile"] = 1500,
        ["inventory-json"] = 2000,
        ["timeline-json"] = 2000,
        ["scan"] = 250,
        ["llm-request"] = 1500,
    };

    public static TheoryData<string> Targets() => [.. FuzzTargets.Names];

    [Fact]
    public void Every_target_has_an_iteration_count() =>
        Assert.Equal(FuzzTargets.Names.Order(StringComparer.Ordinal), Iterations.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_survives_a_fixed_run_without_crash_hang_or_runaway_allocation(string name)
    {
        var target = FuzzTargets.Create(name)!;
        try
        {
            var report = new FuzzRunner(target, new FuzzRunOptions
            {
                Seed = Seed,
                Iterations = Iterations[name],
                // A backstop only: no input comes near it, and the outcome never depends on the machine's speed.
                Timeout = TimeSpan.FromSeconds(120),
            }).Run();

            Assert.True(report.Findings.Count == 0, string.Join("\n\n", report.Findings.Select(f => $"{f.Kind} {f.Signature}\n{f.Details}")));
            Assert.Equal(report.SeedCount + Iterations[name], report.Executions);
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_seeds_are_the_same_bytes_on_every_call(string name)
    {
        var target = FuzzTargets.Create(name)!;
        try
        {
            var first = target.Seeds().Select(Convert.ToHexString).ToList();
            var second = target.Seeds().Select(Convert.ToHexString).ToList();

            Assert.NotEmpty(first);
            Assert.Equal(first, second);
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }
}
