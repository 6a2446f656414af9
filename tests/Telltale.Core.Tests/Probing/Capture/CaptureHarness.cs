using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Telltale.Probing.Capture;

namespace Telltale.Tests.Probing.Capture;

/// <summary>
/// A per-run CA and a capture endpoint on 127.0.0.1 with a random port, plus clients that reach it under any
/// host name: the connection goes to loopback while the URL's host is what the client puts in SNI and Host,
/// as inside the probe's namespace with its private hosts file.
/// </summary>
internal sealed class CaptureHarness : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    private CaptureHarness(RunCertificateAuthority authority, CaptureEndpoint endpoint)
    {
        Authority = authority;
        Endpoint = endpoint;
        Port = ((IPEndPoint)endpoint.BoundEndPoints[0]).Port;
    }

    public RunCertificateAuthority Authority { get; }

    public CaptureEndpoint Endpoint { get; }

    public int Port { get; }

    /// <summary>The certificate the server presented on the last TLS handshake of a client from <see cref="Client"/>.</summary>
    public X509Certificate2? LastServerCertificate { get; private set; }

    public static async Task<CaptureHarness> StartAsync(bool useTls = true, int maxBodyBytes = CaptureEndpointOptions.DefaultMaxBodyBytes, string replyText = "hi", IReadOnlyCollection<string>? knownSecrets = null)
    {
        var authority = RunCertificateAuthority.Create();
        var endpoint = await CaptureEndpoint.StartAsync(new CaptureEndpointOptions
        {
            Listeners = [CaptureListener.Tcp(new IPEndPoint(IPAddress.Loopback, 0), useTls)],
            CertificateAuthority = authority,
            MaxBodyBytes = maxBodyBytes,
            ReplyText = replyText,
            KnownSecrets = knownSecrets ?? [],
        });
        return new CaptureHarness(authority, endpoint);
    }

    public Uri Url(string host, string pathAndQuery, bool useTls = true) =>
        new((useTls ? "https://" : "http://") + host + ":" + Port + pathAndQuery);

    /// <summary>A client that trusts this run's CA and nothing else.</summary>
    public HttpClient Client() => Client(Authority.Certificate);

    /// <summary>A client that trusts <paramref name="trustedRoot"/> only: not the system store, not this run's CA unless given.</summary>
    public HttpClient Client(X509Certificate2 trustedRoot)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(trustedRoot);
        policy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectToLoopbackAsync,
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = policy,
                EnabledSslProtocols = SslProtocols.None,

                // Validation is SslStream's own with the policy above; the callback only keeps the certificate
                // for the test to look at, and accepts exactly what that validation accepted.
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is not null)
                    {
                        LastServerCertificate = new X509Certificate2(certificate);
                    }

                    return errors == SslPolicyErrors.None;
                },
            },
        };
        var client = new HttpClient(handler);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Endpoint.DisposeAsync();
        Authority.Dispose();
    }

    private static async ValueTask<Stream> ConnectToLoopbackAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
