namespace Telltale.Fuzz.Engine;

/// <summary>How one input ended.</summary>
public enum ExecutionStatus
{
    Passed,

    /// <summary>An exception left the target (a contract violation included).</summary>
    Crashed,

    /// <summary>The input ran past the watchdog's timeout; the worker thread is abandoned.</summary>
    Hung,
}
