namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Counts the sandbox statements one file's analysis runs against the file's and the scan's budgets
/// (<see cref="SandboxWorkBudget"/>). One analysis thread uses it; the scan reads its verdict afterwards.
/// </summary>
public sealed class SandboxWorkMeter
{
    private readonly SandboxWorkBudget _budget;
    private long _unreported;

    internal SandboxWorkMeter(SandboxWorkBudget budget, int position)
    {
        _budget = budget;
        Position = position;
    }

    /// <summary>A meter with budgets no real file reaches.</summary>
    public static SandboxWorkMeter Unlimited() => SandboxWorkBudget.Unlimited().ForFile(0);

    /// <summary>The file's place in the scan's fixed order of entries.</summary>
    public int Position { get; }

    /// <summary>Statements charged so far, the fixed cost of each evaluation included.</summary>
    public long Statements { get; private set; }

    /// <summary>The file's own budget ran out: decided by the file alone, so the same on every machine.</summary>
    public bool FileBudgetSpent { get; private set; }

    /// <summary>The scan's budget ran out while this file ran; <see cref="SandboxWorkBudget.SpentBefore"/> decides what that means.</summary>
    public bool ScanBudgetSpent { get; private set; }

    /// <summary>An evaluation was ended by the wall-clock backstop: the only outcome that can differ between runs.</summary>
    public bool BackstopTripped { get; private set; }

    /// <summary>Evaluations started (each charged <see cref="EvaluationCost"/> on top of its statements).</summary>
    public int Evaluations { get; private set; }

    /// <summary>Statements charged for creating an engine and running the prelude, so many tiny evaluations still add up.</summary>
    public const int EvaluationCost = 2_000;

    public bool Spent => FileBudgetSpent || ScanBudgetSpent;

    /// <summary>Starts an evaluation; false (charging nothing) once a budget is spent.</summary>
    internal bool TryBeginEvaluation()
    {
        if (Spent)
        {
            return false;
        }

        Evaluations++;
        return TryCharge(EvaluationCost);
    }

    /// <summary>Charges statements; false once the file's or the scan's budget is spent.</summary>
    internal bool TryCharge(long statements)
    {
        if (Spent)
        {
            return false;
        }

        Statements += statements;
        _unreported += statements;
        if (Statements > _budget.FileStatements)
        {
            FileBudgetSpent = true;
        }

        if (_unreported >= SandboxWorkBudget.ReportEvery || FileBudgetSpent)
        {
            Flush();
        }

        return !Spent;
    }

    internal void RecordBackstop() => BackstopTripped = true;

    /// <summary>Reports what is still counted locally; the scan calls it when the file's analysis ends.</summary>
    public void Flush()
    {
        if (_unreported == 0)
        {
            return;
        }

        var passed = _budget.Report(Position, _unreported);
        _unreported = 0;
        if (passed)
        {
            ScanBudgetSpent = true;
        }
    }
}
