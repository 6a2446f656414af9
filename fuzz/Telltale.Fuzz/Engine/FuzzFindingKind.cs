namespace Telltale.Fuzz.Engine;

public enum FuzzFindingKind
{
    /// <summary>An exception left the target, or an output broke its contract.</summary>
    Crash,

    /// <summary>An input ran past the timeout.</summary>
    Hang,

    /// <summary>An input allocated more than the memory limit.</summary>
    Memory,

    /// <summary>The process died (stack overflow, fatal error) while running an input, found by the next run.</summary>
    ProcessDied,
}
