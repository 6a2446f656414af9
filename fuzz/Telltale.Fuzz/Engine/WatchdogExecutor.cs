using System.Diagnostics;

namespace Telltale.Fuzz.Engine;

/// <summary>
/// Runs inputs one at a time on a long-lived worker thread and gives up on one that passes the timeout.
/// A .NET thread cannot be stopped from outside, so after a hang the worker is left running and this
/// executor refuses further work: the caller records the hang and moves to its next target.
/// </summary>
public sealed class WatchdogExecutor : IDisposable
{
    private readonly Thread _worker;
    private readonly SemaphoreSlim _start = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private Action? _work;
    private Exception? _exception;
    private bool _stopping;

    public WatchdogExecutor(string name, int stackBytes)
    {
        _worker = stackBytes > 0
            ? new Thread(Work, stackBytes) { IsBackground = true, Name = name }
            : new Thread(Work) { IsBackground = true, Name = name };
        _worker.Start();
    }

    /// <summary>True once an input hung: the worker is still busy with it and never takes another.</summary>
    public bool Abandoned { get; private set; }

    public ExecutionResult Execute(Action work, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (Abandoned)
        {
            throw new InvalidOperationException("the worker is still running a hung input");
        }

        _work = work;
        _exception = null;
        // Process-wide rather than per thread: the scan target fans out to the thread pool.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        _start.Release();
        if (!_done.Wait(timeout))
        {
            Abandoned = true;
            return new ExecutionResult(ExecutionStatus.Hung, null, clock.Elapsed, GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore);
        }

        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        return _exception is null
            ? new ExecutionResult(ExecutionStatus.Passed, null, elapsed, allocated)
            : new ExecutionResult(ExecutionStatus.Crashed, _exception, elapsed, allocated);
    }

    private void Work()
    {
        while (true)
        {
            _start.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _work!();
            }
            catch (Exception ex)
            {
                _exception = ex;
            }

            _done.Release();
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        if (!Abandoned)
        {
            _start.Release();
            _worker.Join();
            _start.Dispose();
            _done.Dispose();
        }
    }
}
