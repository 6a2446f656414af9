using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Mutation;

namespace Telltale.Tests.Fuzzing;

public sealed class FuzzRunnerTests
{
    [Fact]
    public void The_same_seed_runs_the_same_inputs_and_another_seed_other_ones()
    {
        var first = new RecordingTarget(0xFF, () => { });
        var second = new RecordingTarget(0xFF, () => { });
        var other = new RecordingTarget(0xFF, () => { });

        new FuzzRunner(first, new FuzzRunOptions { Seed = 7, Iterations = 300 }).Run();
        new FuzzRunner(second, new FuzzRunOptions { Seed = 7, Iterations = 300 }).Run();
        new FuzzRunner(other, new FuzzRunOptions { Seed = 8, Iterations = 300 }).Run();

        Assert.Equal(first.Inputs, second.Inputs);
        Assert.NotEqual(first.Inputs, other.Inputs);
    }

    [Fact]
    public void An_exception_is_a_crash_saved_with_its_stack_and_the_run_goes_on()
    {
        using var output = new TemporaryFolder();
        // 0x10 is the first byte of a seed, so the first input already crashes, and mutations keep hitting it.
        var target = new RecordingTarget(0x10, () => throw new InvalidOperationException("boom"));

        var report = new FuzzRunner(target, new FuzzRunOptions { Seed = 1, Iterations = 200, OutputDirectory = output.Path }).Run();

        Assert.True(report.Crashes > 0);
        Assert.Equal(202, report.Executions);
        var crash = Assert.Single(report.Findings.Where(f => f.Kind == FuzzFindingKind.Crash).Take(1));
        Assert.StartsWith("InvalidOperationException", crash.Signature, StringComparison.Ordinal);
        Assert.Equal(0x10, File.ReadAllBytes(crash.InputPath!)[0]);
        Assert.Contains("boom", File.ReadAllText(Path.ChangeExtension(crash.InputPath!, ".txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_contract_is_a_crash_grouped_by_its_message()
    {
        var target = new RecordingTarget(0x10, () => ContractViolationException.Require(false, "entry of 17 bytes"));

        var report = new FuzzRunner(target, new FuzzRunOptions { Seed = 1, Iterations = 50 }).Run();

        Assert.True(report.Crashes > 0);
        Assert.All(report.Findings, f => Assert.Equal("contract: entry of # bytes", f.Signature));
    }

    [Fact]
    public void An_input_past_the_timeout_is_a_hang_and_ends_the_target()
    {
        using var release = new ManualResetEventSlim();
        // Blocks until the test releases it: the runner must give up on it, whatever the machine's speed.
        var target = new RecordingTarget(0x10, () => release.Wait());
        try
        {
            var report = new FuzzRunner(target, new FuzzRunOptions { Seed = 1, Iterations = 100, Timeout = TimeSpan.FromMilliseconds(200) }).Run();

            Assert.Equal(1, report.Hangs);
            Assert.Equal(1, report.Executions);
            Assert.Equal(FuzzFindingKind.Hang, Assert.Single(report.Findings).Kind);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public void An_input_the_process_died_on_is_found_by_the_next_run()
    {
        using var output = new TemporaryFolder();
        var path = Path.Combine(output.Path, "in-flight.bin");
        var recorder = InFlightInput.Open(path, 64);
        recorder.Begin("zip", [1, 2, 3]);

        // Read while "running", as a new process would find it after this one died.
        var leftOver = InFlightInput.ReadLeftOver(path);
        recorder.Dispose();

        Assert.Equal("zip", leftOver!.Value.Target);
        Assert.Equal([1, 2, 3], leftOver.Value.Input);
        Assert.Null(InFlightInput.ReadLeftOver(path));
    }

    [Theory]
    [InlineData(typeof(ByteMutator))]
    [InlineData(typeof(JavaScriptMutator))]
    [InlineData(typeof(JsonMutator))]
    [InlineData(typeof(YamlMutator))]
    public void Mutators_keep_to_the_size_limit_and_change_the_input(Type mutatorType)
    {
        var mutator = (IMutator)Activator.CreateInstance(mutatorType)!;
        var random = new Random(5);
        byte[] input = "{\"a\": [1, 2, \"x\"], \"b\": null}\nconst y = f(1);\n"u8.ToArray();
        var changed = 0;
        for (var i = 0; i < 500; i++)
        {
            var output = mutator.Mutate(input, [input], random, 256);
            Assert.True(output.Length <= 256);
            changed += output.AsSpan().SequenceEqual(input) ? 0 : 1;
        }

        Assert.True(changed > 400, $"only {changed} of 500 mutations changed the input");
    }
}
