using Jint;
using Jint.Runtime;

namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Counts every statement of one evaluation, program and expression together (Jint's own statement limit restarts at
/// each entry into the engine), charges them to the file's <see cref="SandboxWorkMeter"/>, and answers cancellation
/// between statements so that Ctrl-C never waits for a looping snippet.
/// </summary>
internal sealed class WorkMeterConstraint : Constraint
{
    private SandboxWorkMeter? _meter;
    private CancellationToken _cancellation;
    private long _limit;
    private long _statements;
    private int _uncharged;

    /// <summary>Starts counting; the prelude ran before this and is not charged.</summary>
    public void Begin(SandboxWorkMeter meter, long statementLimit, CancellationToken cancellation)
    {
        _meter = meter;
        _limit = statementLimit;
        _cancellation = cancellation;
        _statements = 0;
        _uncharged = 0;
    }

    /// <summary>Charges what was counted since the last charge; call when the evaluation ends, however it ended.</summary>
    public void End()
    {
        if (_meter is { } meter && _uncharged > 0)
        {
            meter.TryCharge(_uncharged);
        }

        _uncharged = 0;
        _meter = null;
    }

    public override void Check()
    {
        if (_meter is null)
        {
            return;
        }

        _cancellation.ThrowIfCancellationRequested();
        if (++_statements > _limit)
        {
            throw new StatementsCountOverflowException();
        }

        // Charged in small batches: the meter's bookkeeping per statement would cost more than the statement.
        if (++_uncharged >= 256)
        {
            var charged = _meter.TryCharge(_uncharged);
            _uncharged = 0;
            if (!charged)
            {
                throw new WorkBudgetSpentException();
            }
        }
    }

    public override void Reset()
    {
        // Deliberately empty: the count spans every entry into the engine during one evaluation.
    }
}
