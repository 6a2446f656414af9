using System.Collections.Concurrent;

namespace Telltale.Scanning;

/// <summary>
/// A few long-lived threads with large stacks for work that recurses as deep as its input nests (the
/// JavaScript analysis). Starting a thread per script cost more than analysing it once an executable
/// carried thousands of small modules; these threads are started once per scan and then reused.
/// </summary>
internal sealed class LargeStackWorkers : IDisposable
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread[] _threads;

    public LargeStackWorkers(int count, int stackBytes, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Work, stackBytes) { IsBackground = true, Name = name };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> on one of the threads; its exception, if any, is the task's.</summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                completion.SetResult(work());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                completion.SetCanceled(cancellationToken);
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        }, CancellationToken.None);
        return completion.Task;
    }

    /// <summary>Lets the threads finish what is queued and end.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _queue.Dispose();
    }

    private void Work()
    {
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work();
        }
    }
}
