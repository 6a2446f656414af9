namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Budgets for one sandboxed evaluation. Everything that decides an evaluation's result is counted in work
/// (statements, characters, array elements, call depth), so the same snippet gives the same answer on any machine
/// under any load; the wall-clock backstop only ends what no work budget can see (one regular-expression match, one
/// native built-in), and a run it ends is reported as such, never as an ordinary failure.
/// </summary>
public sealed record JavaScriptSandboxOptions
{
    public static JavaScriptSandboxOptions Default { get; } = new();

    /// <summary>Statements the program and the expression may run together.</summary>
    public int MaxStatements { get; init; } = 2_000_000;

    /// <summary>
    /// Bytes allocated per entry into the engine, as Jint measures them between statements. Where in a run this
    /// trips can depend on the runtime (how its code was compiled), so it is set well above what the statement limit
    /// lets ordinary code allocate: it stops accumulation, the allocation guards stop single huge allocations.
    /// </summary>
    public long MemoryLimitBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Characters one amplifying built-in (<c>repeat</c>, <c>padStart</c>, <c>join</c>, …) may produce.</summary>
    public int MaxStringChars { get; init; } = 8 * 1024 * 1024;

    /// <summary>Characters all amplifying built-ins of one evaluation may produce together.</summary>
    public long MaxAllocatedChars { get; init; } = 32L * 1024 * 1024;

    /// <summary>Elements one array may hold.</summary>
    public uint MaxArrayLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>How many times one function may appear on the call stack at once.</summary>
    public int MaxRecursionDepth { get; init; } = 64;

    /// <summary>Characters of string data plus array elements and object properties the result may hold.</summary>
    public int MaxResultLength { get; init; } = 1_000_000;

    /// <summary>
    /// Wall-clock backstop for one evaluation, far above what any work budget allows on a loaded machine. It bounds
    /// a single native operation (a catastrophic regular expression) that runs no statements; a run it ends is
    /// <see cref="SandboxResult.BackstopError"/> and makes the analysis incomplete.
    /// </summary>
    public TimeSpan WallClockBackstop { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Leaves the prelude's byte loops to its script instead of <see cref="SandboxCodecs"/>: the reference the tests hold
    /// the native codecs to.
    /// </summary>
    internal bool ScriptCodecsOnly { get; init; }
}
