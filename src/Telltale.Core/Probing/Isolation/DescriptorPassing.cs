using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Telltale.Probing.Isolation;

/// <summary>
/// One message with one file descriptor attached (SCM_RIGHTS) over a Unix domain socket, which .NET has no API
/// for. The namespace holder makes listening sockets inside its namespace and hands them to the probe this way;
/// compiled into both. Only for sockets used synchronously (blocking), as both ends use theirs.
/// </summary>
internal static unsafe partial class DescriptorPassing
{
    private const int SocketLevel = 1; // SOL_SOCKET
    private const int Rights = 1; // SCM_RIGHTS
    private const int NoSignal = 0x4000; // MSG_NOSIGNAL
    private const int CloseOnExec = 0x40000000; // MSG_CMSG_CLOEXEC: a received socket must not leak into the tools we start
    private const int ControlTruncated = 0x8; // MSG_CTRUNC
    private const int Interrupted = 4; // EINTR

    /// <summary>struct cmsghdr is a size_t length and two ints, padded to a size_t boundary.</summary>
    private static int ControlHeaderSize => Align(sizeof(nuint) + (2 * sizeof(int)));

    private static int ControlSpace => ControlHeaderSize + Align(sizeof(int));

    /// <summary>Sends <paramref name="payload"/> (not empty) with <paramref name="descriptor"/> attached, or without one when it is negative.</summary>
    public static void Send(Socket socket, ReadOnlySpan<byte> payload, int descriptor)
    {
        var control = stackalloc byte[ControlSpace];
        new Span<byte>(control, ControlSpace).Clear();
        *(nuint*)control = (nuint)(ControlHeaderSize + sizeof(int));
        *(int*)(control + sizeof(nuint)) = SocketLevel;
        *(int*)(control + sizeof(nuint) + sizeof(int)) = Rights;
        *(int*)(control + ControlHeaderSize) = descriptor;
        fixed (byte* data = payload)
        {
            var vector = new IoVector { Base = data, Length = (nuint)payload.Length };
            var message = new MessageHeader
            {
                Vectors = &vector,
                VectorCount = 1,
                Control = descriptor >= 0 ? control : null,
                ControlLength = descriptor >= 0 ? (nuint)ControlSpace : 0,
            };
            nint sent;
            do
            {
                sent = Native.SendMessage(socket.SafeHandle, &message, NoSignal);
            }
            while (sent < 0 && Marshal.GetLastPInvokeError() == Interrupted);

            if (sent < 0)
            {
                throw new IOException($"cannot send on the namespace holder's control socket (errno {Marshal.GetLastPInvokeError()})");
            }
        }
    }

    /// <summary>
    /// Receives one message into <paramref name="buffer"/>: its length (0 when the other end closed) and the
    /// descriptor that came with it (close-on-exec, owned by the caller), or -1.
    /// </summary>
    public static int Receive(Socket socket, Span<byte> buffer, out int descriptor)
    {
        descriptor = -1;
        var control = stackalloc byte[ControlSpace];
        new Span<byte>(control, ControlSpace).Clear();
        fixed (byte* data = buffer)
        {
            var vector = new IoVector { Base = data, Length = (nuint)buffer.Length };
            var message = new MessageHeader { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = (nuint)ControlSpace };
            nint received;
            do
            {
                received = Native.ReceiveMessage(socket.SafeHandle, &message, CloseOnExec);
            }
            while (received < 0 && Marshal.GetLastPInvokeError() == Interrupted);

            if (received < 0)
            {
                throw new IOException($"cannot receive on the namespace holder's control socket (errno {Marshal.GetLastPInvokeError()})");
            }

            if (message.ControlLength >= (nuint)(ControlHeaderSize + sizeof(int))
                && *(int*)(control + sizeof(nuint)) == SocketLevel
                && *(int*)(control + sizeof(nuint) + sizeof(int)) == Rights)
            {
                descriptor = *(int*)(control + ControlHeaderSize);
            }

            if ((message.Flags & ControlTruncated) != 0 && descriptor >= 0)
            {
                // More descriptors than we asked for: keep none rather than one of an unexpected set.
                _ = Native.Close(descriptor);
                descriptor = -1;
            }

            return (int)received;
        }
    }

    private static int Align(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
        public static partial nint SendMessage(SafeHandle socket, MessageHeader* message, int flags);

        [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
        public static partial nint ReceiveMessage(SafeHandle socket, MessageHeader* message, int flags);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int descriptor);
    }
}
