namespace Telltale.JavaScript.Sandbox;

/// <summary>
/// Budgets for one <see cref="JavaScriptSandbox.Evaluate(string, string)"/> call. The defaults are sized for a string
/// decoder and the constants it closes over: generous for that, and small enough that a hostile snippet costs a scan
/// a quarter of a second and a few tens of megabytes at worst.
/// </summary>
public sealed record JavaScriptSandboxOptions
{
    public static JavaScriptSandboxOptions Default { get; } = new();

    /// <summary>Wall-clock budget shared by the program, the expression and reading back the result.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Allocation budget, charged separately to the program and to the expression (Jint resets it per entry).</summary>
    public long MemoryLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How many times one function may appear on the call stack at once.</summary>
    public int MaxRecursionDepth { get; init; } = 64;

    /// <summary>Statement budget, charged separately to the program and to the expression.</summary>
    public int MaxStatements { get; init; } = 2_000_000;

    /// <summary>Characters of string data plus array elements and object properties the result may hold.</summary>
    public int MaxResultLength { get; init; } = 1_000_000;
}
