using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telltale.Probing.Isolation;

/// <summary>
/// Holds a probe's namespaces when telltale is not root. A multithreaded .NET process cannot enter a new user
/// namespace itself, so telltale starts this program under <c>unshare --user --net --mount</c>: every thread of it
/// is inside, with the capabilities the new user namespace grants. It puts the private hosts file over
/// <c>/etc/hosts</c>, brings loopback up, then makes the listening sockets telltale asks for and passes them back
/// over the control socket. It lives exactly as long as that connection: when telltale closes it or dies, the
/// holder removes what it was given and exits, and the namespaces end with their last process.
/// </summary>
internal static class NamespaceHolder
{
    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Telltale.Probing.NamespaceHolder CONTROL-SOCKET HOSTS-FILE (started by telltale probe, not by hand)");
            return 2;
        }

        var (controlPath, hostsFile) = (args[0], args[1]);
        using var control = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            control.Connect(new UnixDomainSocketEndPoint(controlPath));
            var failure = NamespaceSetup.PrivateHostsAndLoopback(hostsFile);
            DescriptorPassing.Send(control, HolderProtocol.Encode(failure is null ? HolderProtocol.Ready : $"{HolderProtocol.Failed} {failure}"), -1);
            if (failure is not null)
            {
                return 1;
            }

            var buffer = new byte[HolderProtocol.MaxMessageBytes];
            int length;
            while ((length = DescriptorPassing.Receive(control, buffer, out var unexpected)) > 0)
            {
                if (unexpected >= 0)
                {
                    using var ignored = new Socket(new SafeSocketHandle(unexpected, ownsHandle: true));
                }

                Answer(control, Encoding.UTF8.GetString(buffer, 0, length));
            }

            return 0;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            Console.Error.WriteLine($"namespace holder: {ex.Message}");
            return 1;
        }
        finally
        {
            // Telltale removes these too; this covers a telltale that died without doing so.
            TryDelete(controlPath);
            TryDelete(hostsFile);
            TryDeleteIfEmpty(Path.GetDirectoryName(controlPath));
        }
    }

    private static void Answer(Socket control, string request)
    {
        if (request.Split(' ') is not [HolderProtocol.Listen, var address, var port, var backlog]
            || !IPAddress.TryParse(address, out var ip)
            || !int.TryParse(port, out var portNumber)
            || !int.TryParse(backlog, out var backlogLength))
        {
            DescriptorPassing.Send(control, HolderProtocol.Encode($"{HolderProtocol.Error} {(int)SocketError.InvalidArgument} not a request: {request}"), -1);
            return;
        }

        using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(new IPEndPoint(ip, portNumber));
            socket.Listen(backlogLength);
        }
        catch (SocketException ex)
        {
            DescriptorPassing.Send(control, HolderProtocol.Encode($"{HolderProtocol.Error} {(int)ex.SocketErrorCode} {ex.Message}"), -1);
            return;
        }

        // The receiver gets its own descriptor for the socket; ours is closed when this returns.
        DescriptorPassing.Send(control, HolderProtocol.Encode(HolderProtocol.Ok), (int)socket.SafeHandle.DangerousGetHandle());
    }

    private static void TryDeleteIfEmpty(string? folder)
    {
        try
        {
            if (folder is not null && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not empty after all, or already gone.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Leftovers in a private temp folder are harmless.
        }
    }
}
