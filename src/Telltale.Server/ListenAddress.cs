using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Telltale.Server;

/// <summary>Reads <c>--listen</c>: plain HTTP on an IP address or <c>localhost</c> and a port; nothing else is guessed at.</summary>
public static class ListenAddress
{
    /// <summary>The endpoint <paramref name="text"/> names, or a one-line problem.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? problem)
    {
        uri = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            problem = $"--listen '{text}' is not an address like {ServerOptions.DefaultListen}";
            return false;
        }

        if (parsed.Scheme == "https")
        {
            // Certificates are not this slice's: a reverse proxy terminates TLS in front of the server.
            problem = $"--listen '{text}': https is not served directly; listen on http (loopback) behind a TLS-terminating proxy";
            return false;
        }

        if (parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.UserInfo.Length > 0)
        {
            problem = $"--listen '{text}' has a path, query or user; give only http://ADDRESS:PORT";
            return false;
        }

        if (!parsed.IsLoopback && !IPAddress.TryParse(parsed.Host.Trim('[', ']'), out _))
        {
            problem = $"--listen '{text}': give an IP address (0.0.0.0 for every interface) or localhost, not a host name";
            return false;
        }

        uri = parsed;
        problem = null;
        return true;
    }

    /// <summary>The address Kestrel binds: <c>localhost</c> is the IPv4 loopback, so the port is one socket.</summary>
    public static IPEndPoint EndPoint(Uri uri) =>
        new(uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _) ? IPAddress.Loopback : IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
}
