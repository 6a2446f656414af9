namespace Telltale.Probing.Evidence;

/// <summary>A replay refused because what the recorded command names is no longer what the bundle hashed.</summary>
public sealed class ChangedProgramException : Exception
{
    public ChangedProgramException()
    {
    }

    public ChangedProgramException(string message)
        : base(message)
    {
    }

    public ChangedProgramException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChangedProgramException(IReadOnlyList<ProgramChange> changes)
        : base(Summary(changes))
    {
        Changes = changes;
    }

    public IReadOnlyList<ProgramChange> Changes { get; } = [];

    private static string Summary(IReadOnlyList<ProgramChange> changes) =>
        changes.Count == 1 ? changes[0].Describe() : $"{changes[0].Describe()} (and {changes.Count - 1} more)";
}
