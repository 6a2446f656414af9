namespace Telltale.JavaScript.Sandbox;

/// <summary>Thrown inside the engine when the file's or the scan's sandbox budget is spent.</summary>
internal sealed class WorkBudgetSpentException : Exception
{
    public WorkBudgetSpentException()
        : base(SandboxResult.WorkBudgetError)
    {
    }

    public WorkBudgetSpentException(string message)
        : base(message)
    {
    }

    public WorkBudgetSpentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
