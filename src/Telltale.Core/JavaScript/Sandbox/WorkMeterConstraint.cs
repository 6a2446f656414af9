using Jint;
using Jint.Runtime;

namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Counts every statement of one evaluation, program and expression together (Jint's own statement limit restarts at
/// each entry into the engine), and answers cancellation between statements so that Ctrl-C never waits for a looping
/// snippet.
/// </summary>
internal sealed class WorkMeterConstraint : Constraint
{
    private bool _counting;
    private CancellationToken _cancellation;
    private long _limit;

    /// <summary>Statements counted since <see cref="Begin"/>.</summary>
    public long Statements { get; private set; }

    /// <summary>Starts counting; the prelude ran before this and is not counted.</summary>
    public void Begin(long statementLimit, CancellationToken cancellation)
    {
        _limit = statementLimit;
        _cancellation = cancellation;
        Statements = 0;
        _counting = true;
    }

    /// <summary>Stops counting, so that reading the result back runs nothing that is charged.</summary>
    public void End() => _counting = false;

    public override void Check()
    {
        if (!_counting)
        {
            return;
        }

        _cancellation.ThrowIfCancellationRequested();
        if (++Statements > _limit)
        {
            throw new StatementsCountOverflowException();
        }
    }

    /// <summary>Counts <paramref name="statements"/> at once: work done outside script on the evaluation's behalf (<see cref="SandboxCodecs"/>).</summary>
    public void Charge(long statements)
    {
        if (!_counting)
        {
            return;
        }

        Statements += statements;
        if (Statements > _limit)
        {
            throw new StatementsCountOverflowException();
        }
    }

    public override void Reset()
    {
        // Deliberately empty: the count spans every entry into the engine during one evaluation.
    }
}
