using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Telltale.Probing.Capture;

/// <summary>
/// One place the capture endpoint listens: a TCP address it binds itself, or a socket the caller already
/// created, bound and set listening. The second exists for network namespaces: a socket belongs to the
/// namespace of the thread that created it, so the caller makes it inside the probe's namespace and Kestrel,
/// running anywhere, accepts on it.
/// </summary>
public sealed class CaptureListener
{
    private CaptureListener(EndPoint endPoint, bool useTls)
    {
        EndPoint = endPoint;
        UseTls = useTls;
    }

    /// <summary>An <see cref="IPEndPoint"/> (port 0 picks a free port) or a <see cref="FileHandleEndPoint"/>.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>Whether connections are TLS, with a leaf certificate chosen by SNI.</summary>
    public bool UseTls { get; }

    /// <summary>Bind <paramref name="endPoint"/> and listen on it.</summary>
    public static CaptureListener Tcp(IPEndPoint endPoint, bool useTls)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new CaptureListener(endPoint, useTls);
    }

    /// <summary>
    /// Accept on an already listening socket, given by its OS handle (a file descriptor on Linux). The caller
    /// keeps ownership: Kestrel neither closes it nor unbinds it, so close it after the endpoint is disposed.
    /// </summary>
    public static CaptureListener ListeningHandle(ulong handle, bool useTls) =>
        new(new FileHandleEndPoint(handle, FileHandleType.Tcp), useTls);

    /// <summary>
    /// <see cref="ListeningHandle"/> for a <see cref="Socket"/> the caller made, bound and set listening. The
    /// socket must outlive the endpoint.
    /// </summary>
    public static CaptureListener ListeningSocket(Socket socket, bool useTls)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return ListeningHandle((ulong)socket.SafeHandle.DangerousGetHandle(), useTls);
    }

    public override string ToString() => (UseTls ? "https " : "http ") + EndPoint;
}
