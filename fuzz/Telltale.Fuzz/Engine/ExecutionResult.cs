namespace Telltale.Fuzz.Engine;

/// <summary>The outcome of one input: how it ended, what it threw, how long it took and how much it allocated.</summary>
public sealed record ExecutionResult(ExecutionStatus Status, Exception? Exception, TimeSpan Elapsed, long AllocatedBytes);
