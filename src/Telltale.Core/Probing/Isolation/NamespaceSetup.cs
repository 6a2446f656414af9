using System.Runtime.InteropServices;

namespace Telltale.Probing.Isolation;

/// <summary>
/// What every isolated network does once it is inside its new network and mount namespaces: private mounts, the
/// private hosts file over <c>/etc/hosts</c>, loopback up. Compiled into Telltale.Core (the thread that enters
/// namespaces as root) and into the namespace holder (the process that owns them without root), so both make
/// the same namespace.
/// </summary>
internal static partial class NamespaceSetup
{
    private const ulong MsBind = 4096;
    private const ulong MsRec = 16384;
    private const ulong MsPrivate = 1 << 18;
    private const int SiocGetInterfaceFlags = 0x8913;
    private const int SiocSetInterfaceFlags = 0x8914;
    private const short InterfaceUp = 0x1;

    /// <summary>Returns null when done, else a one-line reason.</summary>
    public static string? PrivateHostsAndLoopback(string hostsFile)
    {
        // Private first, so the bind mount below never propagates to the machine's own mount table.
        if (Native.Mount(null, "/", null, MsRec | MsPrivate, IntPtr.Zero) != 0)
        {
            return $"cannot make mounts private in the namespace (errno {Marshal.GetLastPInvokeError()})";
        }

        if (Native.Mount(hostsFile, "/etc/hosts", null, MsBind, IntPtr.Zero) != 0)
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

    private static partial class Native
    {
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
