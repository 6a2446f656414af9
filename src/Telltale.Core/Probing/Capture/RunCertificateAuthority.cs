using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Telltale.Probing.Capture;

/// <summary>
/// A certificate authority that exists for one probe run only. The tool under probe is told to trust it
/// (<c>NODE_EXTRA_CA_CERTS</c>, <c>SSL_CERT_FILE</c>) so its HTTPS calls reach the capture endpoint; because
/// the key is made in memory and never written anywhere, nothing outside this run can ever be signed by it,
/// and a trust setting that leaks past the run is worthless after <see cref="Validity"/>.
/// </summary>
public sealed partial class RunCertificateAuthority : IDisposable
{
    /// <summary>Short on purpose: a run takes minutes, and a leaked CA should be dead within days.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(2);

    // Clients compare notBefore with their own clock; a little slack keeps a skewed clock from failing the run.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromHours(1);

    private readonly ECDsa _key;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Host, bool Loopback), Lazy<X509Certificate2>> _leaves = new();
    private bool _disposed;

    private RunCertificateAuthority(ECDsa key, X509Certificate2 certificate, TimeProvider time)
    {
        _key = key;
        Certificate = certificate;
        _time = time;
    }

    /// <summary>The CA certificate, public part only: this is what clients are told to trust.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM, the form Node, OpenSSL and curl read.</summary>
    public string CaPem => Certificate.ExportCertificatePem();

    /// <summary>Makes a fresh CA with subject <c>CN=Telltale probe CA &lt;random&gt;</c> and a new P-256 key.</summary>
    public static RunCertificateAuthority Create(TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            // The random part tells runs apart in a trust store or a TLS error message.
            var name = "CN=Telltale probe CA " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            var now = time.GetUtcNow();
            using var selfSigned = request.CreateSelfSigned(now - ClockSlack, now + Validity);

            // Only the public certificate is kept as a certificate; the key stays in _key for signing leaves.
            var certificate = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
            return new RunCertificateAuthority(key, certificate, time);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A leaf for <paramref name="hostName"/> (a DNS name, or an IP address literal), signed by this CA, with its
    /// private key, usable as a TLS server certificate. Issued once per host and cached.
    /// </summary>
    /// <param name="hostName">The name the client asks for in SNI.</param>
    /// <param name="includeLoopbackAddress">Also name 127.0.0.1 and ::1, for clients that connect by address.</param>
    public X509Certificate2 IssueFor(string hostName, bool includeLoopbackAddress = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var host = hostName.Trim().TrimEnd('.').ToLowerInvariant();
        if (!IPAddress.TryParse(host, out _) && !HostNamePattern().IsMatch(host))
        {
            throw new ArgumentException($"'{hostName}' is neither a host name nor an IP address.", nameof(hostName));
        }

        // Lazy so two handshakes racing for the same new host sign one certificate, not two.
        return _leaves.GetOrAdd((host, includeLoopbackAddress), key => new Lazy<X509Certificate2>(() => Issue(key.Host, key.Loopback))).Value;
    }

    /// <summary>
    /// The leaf for a TLS handshake that asked for <paramref name="serverName"/> by SNI. No SNI means the client dialled an
    /// address, and a name that cannot be a host name gets the default too rather than a failed handshake, so the request
    /// still arrives to be recorded.
    /// </summary>
    public X509Certificate2 SelectFor(string? serverName, string defaultHost)
    {
        if (!string.IsNullOrEmpty(serverName))
        {
            try
            {
                return IssueFor(serverName);
            }
            catch (ArgumentException)
            {
            }
        }

        return IssueFor(defaultHost, includeLoopbackAddress: true);
    }

    /// <summary>Writes <see cref="CaPem"/> to <paramref name="path"/>, for <c>NODE_EXTRA_CA_CERTS</c> or <c>SSL_CERT_FILE</c>.</summary>
    public void WriteCaPem(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, CaPem);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var leaf in _leaves.Values)
        {
            if (leaf.IsValueCreated)
            {
                leaf.Value.Dispose();
            }
        }

        _leaves.Clear();
        Certificate.Dispose();
        _key.Dispose();
    }

    private X509Certificate2 Issue(string host, bool includeLoopback)
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var isAddress = IPAddress.TryParse(host, out var address);

        // The CN is for people reading a certificate dump; clients match on the SAN only.
        var request = new CertificateRequest("CN=" + CommonName(host), leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (isAddress)
        {
            names.AddIpAddress(address!);
        }
        else
        {
            names.AddDnsName(host);
        }

        if (includeLoopback)
        {
            if (!IPAddress.Loopback.Equals(address))
            {
                names.AddIpAddress(IPAddress.Loopback);
            }

            if (!IPAddress.IPv6Loopback.Equals(address))
            {
                names.AddIpAddress(IPAddress.IPv6Loopback);
            }
        }

        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var now = _time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial: some parsers reject negative ones
        using var signed = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now - ClockSlack, Certificate.NotAfter.ToUniversalTime(), serial);
        using var withKey = signed.CopyWithPrivateKey(leafKey);

        // On Linux a certificate joined to an in-memory key works for signing, but SslStream (and so Kestrel)
        // wants one whose key came from a PKCS#12 import; the round trip gives it that. The password is never
        // stored: it only has to survive the next line.
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var pfx = withKey.Export(X509ContentType.Pfx, password);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pfx, password, X509KeyStorageFlags.DefaultKeySet);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }

    // A CN is limited to 64 characters; a longer host name is still fully named by the SAN.
    private static string CommonName(string host) => host.Length <= 64 ? host : host[..64];

    /// <summary>Letters, digits, '-' and '_' in dot-separated labels: what a client can send in SNI, and nothing that needs escaping in a subject.</summary>
    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostNamePattern();
}
