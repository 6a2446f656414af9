using Telltale.JavaScript.Sandbox;

namespace Telltale.Tests.JavaScript.Sandbox;

/// <summary>
/// The sandbox's budgets are counted in work, charged as allocations happen, and answer cancellation between
/// statements; none of these tests measures time.
/// </summary>
public sealed class SandboxBudgetTests
{
    private static readonly JavaScriptSandbox Sandbox = new();

    private static string Fails(SandboxResult result)
    {
        Assert.False(result.Succeeded, $"expected a failure, got {result.Value}");
        return result.Error!;
    }

    [Theory]
    [InlineData("'x'.repeat(2 ** 28)")]
    [InlineData("['x'.repeat(2 ** 22), 'x'.repeat(2 ** 22), 'x'.repeat(2 ** 22), 'x'.repeat(2 ** 22), 'x'.repeat(2 ** 22), 'x'.repeat(2 ** 22), 'x'.repeat(2 ** 22), 'x'.repeat(2 ** 22), 'x'.repeat(2 ** 22)].length")]
    [InlineData("''.padStart(2 ** 28, 'ab')")]
    [InlineData("'x'.padEnd(2 ** 28)")]
    [InlineData("Array(2 ** 20).join('abcdefghij')")]
    [InlineData("'ab'.repeat(2 ** 20).replaceAll('a', 'x'.repeat(4096))")]
    [InlineData("'ab'.repeat(2 ** 20).replace(/b/g, 'y'.repeat(4096))")]
    [InlineData("''.concat('x'.repeat(2 ** 22), 'x'.repeat(2 ** 22), 'x'.repeat(2 ** 22))")]
    [InlineData("new Uint8Array(2 ** 30).length")]
    [InlineData("new Float64Array(2 ** 27).length")]
    [InlineData("new ArrayBuffer(2 ** 30).byteLength")]
    public void Stops_a_one_statement_allocation_before_it_happens(string expression)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(SandboxResult.MemoryLimitError, Fails(Sandbox.Evaluate("", expression)));

        // The whole evaluation, engine and prelude included, stays far below what the statement asked for.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 256L * 1024 * 1024);
    }

    [Fact]
    public void Lets_a_caught_refusal_go_on_without_the_allocation()
    {
        var result = Sandbox.Evaluate("", "var n = 0; for (var i = 0; i < 20; i++) { try { 'x'.repeat(2 ** 28); } catch (e) { n++; } } n");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(20.0, result.Value);
    }

    [Theory]
    [InlineData("'ab'.repeat(3)", "ababab")]
    [InlineData("'7'.padStart(3, '0')", "007")]
    [InlineData("[1, 'b', null, [2, 3]].join('-')", "1-b--2,3")]
    [InlineData("'a-b-c'.replaceAll('-', '+=')", "a+=b+=c")]
    [InlineData("'a-b-c'.replace(/-/g, '%2D')", "a%2Db%2Dc")]
    [InlineData("String(new Uint8Array([1, 2, 3]))", "1,2,3")]
    [InlineData("String(new Uint8Array([1, 2]) instanceof Uint8Array) + Uint8Array.name + Uint8Array.BYTES_PER_ELEMENT", "trueUint8Array1")]
    [InlineData("String.prototype.repeat.name + String.prototype.repeat.length + Array.prototype.join.length", "repeat11")]
    [InlineData("Buffer.from('aGk=', 'base64').toString()", "hi")]
    public void Keeps_the_guarded_built_ins_working(string expression, string expected)
    {
        var result = Sandbox.Evaluate("", expression);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(expected, result.Value);
    }

    [Fact]
    public void Admits_a_run_only_while_its_whole_allowance_fits_the_file_budget()
    {
        var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = 40_000 });
        var meter = new SandboxWorkBudget(scanStatements: 1_000_000_000, fileStatements: 100_000).ForFile(0);
        var results = Enumerable.Range(0, 6).Select(_ => sandbox.Evaluate("", "for (var i = 0; i < 10000; i++) {} 1", meter, CancellationToken.None)).ToList();

        // Runs succeed while a whole allowance still fits, then every later one is refused.
        var admitted = results.TakeWhile(r => r.Succeeded).Count();
        Assert.InRange(admitted, 2, 5);
        Assert.All(results.Skip(admitted), r => Assert.Equal(SandboxResult.WorkBudgetError, r.Error));
        Assert.True(meter.FileBudgetSpent);
        Assert.Equal(admitted, meter.Evaluations);
        Assert.InRange(meter.Statements, 100_000 - 40_000 - SandboxWorkMeter.EvaluationCost + 1, 100_000);
    }

    [Fact]
    public void Charges_a_run_stopped_at_a_limit_its_whole_allowance()
    {
        var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = 40_000 });
        var meter = SandboxWorkMeter.Unlimited();

        Assert.Equal(SandboxResult.StatementLimitError, Fails(sandbox.Evaluate("", "while (true) {}", meter, CancellationToken.None)));
        Assert.Equal(SandboxResult.MemoryLimitError, Fails(sandbox.Evaluate("", "'x'.repeat(2 ** 28)", meter, CancellationToken.None)));

        // Where a limit stops a run may depend on the runtime; what it is charged must not.
        Assert.Equal(2 * (40_000 + SandboxWorkMeter.EvaluationCost), meter.Statements);
        Assert.Equal(2, meter.LimitedEvaluations);
    }

    [Fact]
    public void Refuses_runs_once_the_files_before_have_spent_the_scan_budget()
    {
        var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = 40_000 });
        var budget = new SandboxWorkBudget(scanStatements: 50_000, fileStatements: 1_000_000);
        var early = budget.ForFile(0);
        var late = budget.ForFile(7);
        var earlier = budget.ForFile(3);

        Assert.Equal(SandboxResult.StatementLimitError, Fails(sandbox.Evaluate("", "while (true) {}", early, CancellationToken.None)));
        Assert.Equal(SandboxResult.StatementLimitError, Fails(sandbox.Evaluate("", "while (true) {}", late, CancellationToken.None)));
        Assert.Equal(SandboxResult.WorkBudgetError, Fails(sandbox.Evaluate("", "1", late, CancellationToken.None)));

        // The files at 0 and 7 spent 84,000 statements; a file between them sees only the 42,000 of file 0.
        Assert.True(sandbox.Evaluate("", "1", earlier, CancellationToken.None).Succeeded);
        Assert.True(late.ScanBudgetSpent);
        Assert.False(budget.SpentBefore(0));
        Assert.False(budget.SpentBefore(3));
        Assert.True(budget.SpentBefore(7));
    }

    [Fact]
    public void Runs_the_program_once_for_every_expression_evaluated_after_it()
    {
        var meter = SandboxWorkMeter.Unlimited();

        // The set-up (a rotation) runs once; each expression sees what it left and what the ones before it changed.
        var results = Sandbox.EvaluateEach("var table = ['b', 'c', 'a']; table.push(table.shift()); var calls = 0;", ["table[0]", "++calls", "++calls + table.join('')"], meter, CancellationToken.None);

        Assert.Equal(["c", 1.0, "2cab"], results.Select(r => r.Value));
        Assert.Equal(3, meter.Evaluations);
    }

    [Fact]
    public void Gives_each_expression_evaluated_after_one_program_its_own_limits()
    {
        var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = 40_000, MaxAllocatedChars = 3 * 1024 * 1024 });
        var meter = SandboxWorkMeter.Unlimited();
        string[] each = ["for (var i = 0; i < 30000; i++) {} 'x'.repeat(2 ** 21).length"];

        // Alone, each of these fits its statement limit and its share of amplified characters; evaluated together they would not.
        var results = sandbox.EvaluateEach("", [.. each, .. each, .. each], meter, CancellationToken.None);

        Assert.All(results, result => Assert.Equal(2_097_152.0, result.Value));
        Assert.Equal(3, results.Count);
        Assert.Equal(0, meter.LimitedEvaluations);
    }

    [Fact]
    public void Stops_the_expressions_after_one_program_at_the_first_that_fails()
    {
        var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = 40_000 });
        var meter = SandboxWorkMeter.Unlimited();

        var results = sandbox.EvaluateEach("var n = 1;", ["n", "while (true) {}", "n"], meter, CancellationToken.None);

        Assert.Equal(2, results.Count);
        Assert.Equal(1.0, results[0].Value);
        Assert.Equal(SandboxResult.StatementLimitError, Fails(results[1]));
        Assert.Equal(2, meter.Evaluations);
        Assert.Equal(1, meter.LimitedEvaluations);
        Assert.InRange(meter.Statements, 2 * SandboxWorkMeter.EvaluationCost + 40_000, 2 * SandboxWorkMeter.EvaluationCost + 40_000 + 10);
    }

    [Fact]
    public void Counts_the_same_statements_for_the_same_snippet_every_time()
    {
        var counts = Enumerable.Range(0, 5).Select(_ =>
        {
            var meter = SandboxWorkMeter.Unlimited();
            Sandbox.Evaluate("function d(s) { var o = ''; for (var i = 0; i < s.length; i++) o += String.fromCharCode(s.charCodeAt(i) ^ 7); return o; }", "d('hello world')", meter, CancellationToken.None);
            return meter.Statements;
        }).Distinct().ToList();

        Assert.Single(counts);
        Assert.True(counts[0] > SandboxWorkMeter.EvaluationCost);
    }

    [Fact]
    public void Answers_cancellation_between_statements()
    {
        var sandbox = new JavaScriptSandbox(JavaScriptSandboxOptions.Default with { MaxStatements = int.MaxValue, WallClockBackstop = TimeSpan.FromHours(1) });
        using var cancellation = new CancellationTokenSource();
        Exception? thrown = null;
        var worker = new Thread(() =>
        {
            try
            {
                sandbox.Evaluate("", "while (true) {}", SandboxWorkMeter.Unlimited(), cancellation.Token);
            }
            catch (Exception ex)
            {
                thrown = ex;
            }
        });
        worker.Start();
        // Neither budget nor backstop can end this loop in the next hour: only the cancellation can.
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(100));

        Assert.True(worker.Join(TimeSpan.FromMinutes(10)), "the evaluation did not answer cancellation");
        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
    }
}
