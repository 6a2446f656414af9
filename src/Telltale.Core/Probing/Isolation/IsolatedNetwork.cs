using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Telltale.Probing.Isolation;

/// <summary>
/// A private network (only loopback) and a private <c>/etc/hosts</c> for the programs a probe runs, made
/// with Linux namespaces on one dedicated thread: namespaces belong to threads, so listening sockets made
/// on that thread and children started from it live inside, while the rest of this process — and the
/// machine — keep their network. Nothing the child does can reach anything but loopback.
/// </summary>
public sealed partial class IsolatedNetwork : IDisposable
{
    private const int CloneNewNs = 0x00020000;
    private const int CloneNewNet = 0x40000000;
    private const ulong MsBind = 4096;
    private const ulong MsRec = 16384;
    private const ulong MsPrivate = 1 << 18;
    private const int SiocGetInterfaceFlags = 0x8913;
    private const int SiocSetInterfaceFlags = 0x8914;
    private const short InterfaceUp = 0x1;

    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;
    private readonly string _hostsFile;

    private IsolatedNetwork(string hostsFile)
    {
        _hostsFile = hostsFile;
        _thread = new Thread(Loop) { IsBackground = true, Name = "telltale-isolated-network" };
    }

    /// <summary>The host names that resolve to 127.0.0.1 inside.</summary>
    public IReadOnlyList<string> HostNames { get; private init; } = [];

    /// <summary>
    /// Makes the namespaces, or returns null with a one-line reason (not Linux, not root, no namespaces)
    /// so the caller can say clearly that the run would not be isolated.
    /// </summary>
    public static IsolatedNetwork? TryCreate(IReadOnlyCollection<string> hostNames, out string? reason)
    {
        reason = null;
        if (!OperatingSystem.IsLinux())
        {
            reason = "network isolation needs Linux namespaces; this is not Linux";
            return null;
        }

        var names = hostNames.Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (names.FirstOrDefault(h => !IsHostName(h)) is { } bad)
        {
            reason = $"'{bad}' is not a host name";
            return null;
        }

        var hostsFile = Path.Combine(Path.GetTempPath(), $"telltale-hosts-{Guid.NewGuid():N}");
        // IPv4 only: one address per name means one listener to serve it, whatever family the child prefers.
        File.WriteAllLines(hostsFile, ["127.0.0.1 localhost", "::1 localhost", .. names.Select(h => $"127.0.0.1 {h}")]);
        var network = new IsolatedNetwork(hostsFile) { HostNames = names };
        network._thread.Start();
        var setup = network.Invoke(network.EnterNamespaces);
        if (setup is not null)
        {
            network.Dispose();
            reason = setup;
            return null;
        }

        return network;
    }

    /// <summary>A listening TCP socket inside the namespace (hand its handle to a server).</summary>
    public Socket Listen(IPEndPoint endpoint, int backlog = 512) => Invoke(() =>
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

    /// <summary>Starts a program inside the namespace.</summary>
    public Process Start(ProcessStartInfo start) => Invoke(() => Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"));

    public void Dispose()
    {
        _work.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _work.Dispose();
        try
        {
            File.Delete(_hostsFile);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless; failing the probe over it is not.
        }
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

    /// <summary>On the dedicated thread: new network and mount namespaces, private mounts, our hosts file, loopback up.</summary>
    private string? EnterNamespaces()
    {
        if (Native.Unshare(CloneNewNet | CloneNewNs) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == 1
                ? "cannot make a network namespace: not permitted (run as root, or start telltale under `unshare -r`)"
                : $"cannot make a network namespace (errno {errno})";
        }

        // Private first, so the bind mount below never propagates to the machine's own mount table.
        if (Native.Mount(null, "/", null, MsRec | MsPrivate, IntPtr.Zero) != 0)
        {
            return $"cannot make mounts private in the namespace (errno {Marshal.GetLastPInvokeError()})";
        }

        if (Native.Mount(_hostsFile, "/etc/hosts", null, MsBind, IntPtr.Zero) != 0)
        {
            return $"cannot put the private hosts file over /etc/hosts (errno {Marshal.GetLastPInvokeError()})";
        }

        return BringUpLoopback();
    }

    private static string? BringUpLoopback()
    {
        var socket = Native.Socket(2 /* AF_INET */, 2 /* SOCK_DGRAM */, 0);
        if (socket < 0)
        {
            return $"cannot open a socket in the namespace (errno {Marshal.GetLastPInvokeError()})";
        }

        try
        {
            // struct ifreq: 16 bytes of interface name, then the flags as a short (the rest is a union).
            var request = new byte[40];
            "lo"u8.CopyTo(request);
            if (Native.Ioctl(socket, SiocGetInterfaceFlags, request) != 0)
            {
                return $"cannot read the loopback interface (errno {Marshal.GetLastPInvokeError()})";
            }

            var flags = (short)(BitConverter.ToInt16(request, 16) | InterfaceUp);
            BitConverter.GetBytes(flags).CopyTo(request, 16);
            return Native.Ioctl(socket, SiocSetInterfaceFlags, request) == 0
                ? null
                : $"cannot bring loopback up (errno {Marshal.GetLastPInvokeError()})";
        }
        finally
        {
            _ = Native.Close(socket);
        }
    }

    private static bool IsHostName(string name) =>
        name.Length <= 253 && name.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && label[0] != '-' && label[^1] != '-');

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
        public static partial int Unshare(int flags);

        [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Mount(string? source, string target, string? fileSystemType, ulong flags, IntPtr data);

        [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
        public static partial int Socket(int domain, int type, int protocol);

        [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
        public static partial int Ioctl(int descriptor, ulong request, byte[] argument);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int descriptor);
    }
}
