using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Telltale.Probing.Isolation;

/// <summary>
/// Namespaces made by one dedicated thread of this process, as root: namespaces belong to threads, so listening
/// sockets made on that thread and children started from it live inside, while the rest of this process — and the
/// machine — keep their network.
/// </summary>
internal sealed partial class ThreadNamespaces : INamespaces
{
    private const int CloneNewNs = 0x00020000;
    private const int CloneNewNet = 0x40000000;
    private const int NotPermitted = 1; // EPERM

    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    private ThreadNamespaces()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "telltale-isolated-network" };
    }

    public string Description => "own network namespace (loopback only) and mount namespace";

    /// <summary>Returns null with a one-line reason when the namespaces cannot be made (not root, no namespaces).</summary>
    public static ThreadNamespaces? TryEnter(string hostsFile, out string? reason)
    {
        var namespaces = new ThreadNamespaces();
        namespaces._thread.Start();
        reason = namespaces.Invoke(() => Enter(hostsFile));
        if (reason is null)
        {
            return namespaces;
        }

        namespaces.Dispose();
        return null;
    }

    public Socket Listen(IPEndPoint endpoint, int backlog) => Invoke(() =>
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(endpoint);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    });

    public Process Start(ProcessStartInfo start) => Invoke(() => Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"));

    public void Dispose()
    {
        _work.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _work.Dispose();
    }

    /// <summary>On the dedicated thread: new network and mount namespaces, then the shared setup.</summary>
    private static string? Enter(string hostsFile)
    {
        if (Native.Unshare(CloneNewNet | CloneNewNs) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == NotPermitted ? "cannot make a network namespace: not permitted" : $"cannot make a network namespace (errno {errno})";
        }

        return NamespaceSetup.PrivateHostsAndLoopback(hostsFile);
    }

    private T Invoke<T>(Func<T> action)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                completion.SetResult(action());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task.GetAwaiter().GetResult();
    }

    private void Loop()
    {
        foreach (var action in _work.GetConsumingEnumerable())
        {
            action();
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
        public static partial int Unshare(int flags);
    }
}
