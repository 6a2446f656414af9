using System.Text;

namespace Telltale.Probing.Isolation;

/// <summary>
/// The namespace holder's messages, one line of UTF-8 per message on a SOCK_SEQPACKET Unix socket (so a message
/// is never split or merged). The holder first says <see cref="Ready"/> or <see cref="Failed"/> and a reason; then
/// the probe asks <see cref="Listen"/> ADDRESS PORT BACKLOG and the holder answers <see cref="Ok"/> with the
/// listening socket attached, or <see cref="Error"/> and a <c>SocketError</c> number and a message. Compiled into
/// Telltale.Core and into the holder.
/// </summary>
internal static class HolderProtocol
{
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string Listen = "listen";
    public const string Ok = "ok";
    public const string Error = "error";

    /// <summary>Enough for any message either side sends.</summary>
    public const int MaxMessageBytes = 1024;

    public static byte[] Encode(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        return bytes.Length <= MaxMessageBytes ? bytes : bytes[..MaxMessageBytes];
    }
}
