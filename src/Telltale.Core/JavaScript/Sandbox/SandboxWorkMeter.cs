namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Counts the sandbox statements one file's analysis runs against the file's and the scan's budgets
/// (<see cref="SandboxWorkBudget"/>). One analysis thread uses it; the scan reads its verdict afterwards.
/// </summary>
/// <remarks>
/// A run is charged when it ends, and only with what cannot differ between machines: the statements it ran when it
/// returned or threw on its own, or its whole statement allowance when a limit stopped it (where a memory limit or
/// the backstop stops a run depends on the runtime, that it stops does not). A run starts only while its whole
/// allowance still fits the file's budget, so the file's budget is spent at the same run on every machine.
/// </remarks>
public sealed class SandboxWorkMeter
{
    private readonly SandboxWorkBudget _budget;

    internal SandboxWorkMeter(SandboxWorkBudget budget, int position)
    {
        _budget = budget;
        Position = position;
    }

    /// <summary>Statements charged for creating an engine and running the prelude, so many tiny evaluations still add up.</summary>
    public const int EvaluationCost = 2_000;

    /// <summary>A meter with budgets no real file reaches.</summary>
    public static SandboxWorkMeter Unlimited() => SandboxWorkBudget.Unlimited().ForFile(0);

    /// <summary>The file's place in the scan's fixed order of entries.</summary>
    public int Position { get; }

    /// <summary>Statements charged so far, the fixed cost of each evaluation included.</summary>
    public long Statements { get; private set; }

    /// <summary>Evaluations run.</summary>
    public int Evaluations { get; private set; }

    /// <summary>The file's own budget could not admit another run: decided by the file alone, so the same on every machine.</summary>
    public bool FileBudgetSpent { get; private set; }

    /// <summary>The scan's budget was spent when this file asked for a run; <see cref="SandboxWorkBudget.SpentBefore"/> decides what that means.</summary>
    public bool ScanBudgetSpent { get; private set; }

    /// <summary>An evaluation was ended by the wall-clock backstop: the only outcome that can differ between runs.</summary>
    public bool BackstopTripped { get; private set; }

    /// <summary>Runs that stopped at a per-run limit (statements, memory, recursion, backstop): their value stayed unknown.</summary>
    public int LimitedEvaluations { get; private set; }

    public bool Spent => FileBudgetSpent || ScanBudgetSpent;

    /// <summary>Admits a run of up to <paramref name="allowance"/> statements; false once a budget is spent.</summary>
    internal bool TryBegin(long allowance)
    {
        if (Spent)
        {
            return false;
        }

        if (Statements + EvaluationCost + allowance > _budget.FileStatements)
        {
            FileBudgetSpent = true;
            return false;
        }

        if (_budget.SpentUpTo(Position) >= _budget.ScanStatements)
        {
            ScanBudgetSpent = true;
            return false;
        }

        Evaluations++;
        return true;
    }

    /// <summary>Charges a finished run: what it ran, or its whole allowance when a limit stopped it.</summary>
    internal void End(long statementsRun, long allowance, bool stoppedAtLimit)
    {
        var charge = EvaluationCost + (stoppedAtLimit ? allowance : Math.Min(statementsRun, allowance));
        if (stoppedAtLimit)
        {
            LimitedEvaluations++;
        }

        Statements += charge;
        _budget.Report(Position, charge);
    }

    internal void RecordBackstop() => BackstopTripped = true;
}
