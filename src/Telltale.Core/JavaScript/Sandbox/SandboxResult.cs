namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// What a sandboxed evaluation produced. <see cref="Value"/> holds only plain .NET data — <see cref="string"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see langword="null"/>, <see cref="IReadOnlyList{T}"/> of those for arrays
/// and <see cref="IReadOnlyDictionary{TKey, TValue}"/> for objects — so nothing returned can call back into the engine.
/// </summary>
public sealed record SandboxResult
{
    /// <summary>The wall-clock backstop ended the run: unlike every other limit, this one depends on the machine.</summary>
    public const string BackstopError = "wall-clock backstop";

    /// <summary>The file's or the scan's work budget for the sandbox is spent; the run did not start or was stopped.</summary>
    public const string WorkBudgetError = "work budget spent";
    public const string MemoryLimitError = "memory limit";
    public const string RecursionLimitError = "recursion limit";
    public const string StatementLimitError = "statement limit";
    public const string ResultTooLargeError = "result too large";

    private SandboxResult(bool succeeded, object? value, string? error)
    {
        Succeeded = succeeded;
        Value = value;
        Error = error;
    }

    public bool Succeeded { get; }

    /// <summary>
    /// One line: one of the limit constants on this type, or the script's own error such as
    /// <c>ReferenceError: process is not defined</c>. Null when <see cref="Succeeded"/>.
    /// </summary>
    public string? Error { get; }

    public object? Value { get; }

    public static SandboxResult Success(object? value) => new(true, value, null);

    public static SandboxResult Failure(string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new(false, null, error);
    }
}
