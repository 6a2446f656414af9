using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Telltale.Probing.Capture;
using Telltale.Tests.Artifacts;

namespace Telltale.Tests.Probing.Capture;

public sealed class RunCertificateAuthorityTests
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        return chain.Build(leaf);
    }

    public sealed class TheCreateMethod
    {
        [Fact]
        public void Makes_a_short_lived_CA_certificate_without_its_key()
        {
            using var authority = RunCertificateAuthority.Create();
            var certificate = authority.Certificate;

            Assert.StartsWith("CN=Telltale probe CA ", certificate.Subject, StringComparison.Ordinal);
            Assert.Equal(certificate.Subject, certificate.Issuer);
            Assert.False(certificate.HasPrivateKey);
            var constraints = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
            Assert.True(constraints.CertificateAuthority);
            Assert.True(constraints.Critical);
            var usage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
            Assert.True(usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
            Assert.InRange(certificate.NotAfter - certificate.NotBefore, TimeSpan.FromDays(1), TimeSpan.FromDays(3));
            Assert.InRange(DateTime.Now, certificate.NotBefore, certificate.NotAfter);
        }

        [Fact]
        public void Follows_the_given_clock()
        {
            var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
            using var authority = RunCertificateAuthority.Create(new FixedClock(now));

            Assert.Equal(now + RunCertificateAuthority.Validity, authority.Certificate.NotAfter.ToUniversalTime());
            Assert.True(authority.Certificate.NotBefore.ToUniversalTime() <= now);
        }

        [Fact]
        public void Makes_a_new_name_and_key_every_run()
        {
            using var first = RunCertificateAuthority.Create();
            using var second = RunCertificateAuthority.Create();

            Assert.NotEqual(first.Certificate.Subject, second.Certificate.Subject);
            Assert.NotEqual(first.Certificate.GetPublicKey(), second.Certificate.GetPublicKey());
        }
    }

    public sealed class TheIssueForMethod
    {
        [Fact]
        public void Issues_a_server_leaf_with_its_key_for_the_host()
        {
            using var authority = RunCertificateAuthority.Create();

            var leaf = authority.IssueFor("api.deepseek.com");

            Assert.True(leaf.HasPrivateKey);
            Assert.Equal(authority.Certificate.Subject, leaf.Issuer);
            var names = Assert.Single(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>());
            Assert.Equal(["api.deepseek.com"], names.EnumerateDnsNames());
            Assert.Empty(names.EnumerateIPAddresses());
            var usages = Assert.Single(leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>());
            Assert.Contains(usages.EnhancedKeyUsages.Cast<Oid>(), o => o.Value == ServerAuthentication);
            Assert.False(Assert.Single(leaf.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
            Assert.True(leaf.MatchesHostname("api.deepseek.com"));
            Assert.False(leaf.MatchesHostname("api.anthropic.com"));
            Assert.True(ChainsTo(leaf, authority.Certificate));
        }

        [Fact]
        public void Does_not_outlive_its_CA()
        {
            using var authority = RunCertificateAuthority.Create();

            var leaf = authority.IssueFor("llm.example.com");

            Assert.True(leaf.NotAfter <= authority.Certificate.NotAfter);
            Assert.True(leaf.NotBefore >= authority.Certificate.NotBefore);
        }

        [Fact]
        public void Names_the_loopback_addresses_when_asked()
        {
            using var authority = RunCertificateAuthority.Create();

            var leaf = authority.IssueFor("localhost", includeLoopbackAddress: true);

            var names = Assert.Single(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>());
            Assert.Equal(["localhost"], names.EnumerateDnsNames());
            Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        }

        [Fact]
        public void Names_an_address_literal_as_an_address()
        {
            using var authority = RunCertificateAuthority.Create();

            var leaf = authority.IssueFor("10.1.2.3");

            var names = Assert.Single(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>());
            Assert.Empty(names.EnumerateDnsNames());
            Assert.Equal([IPAddress.Parse("10.1.2.3")], names.EnumerateIPAddresses());
        }

        [Fact]
        public void Issues_once_per_host_ignoring_case_and_a_trailing_dot()
        {
            using var authority = RunCertificateAuthority.Create();

            var first = authority.IssueFor("api.anthropic.com");

            Assert.Same(first, authority.IssueFor("API.Anthropic.com."));
            Assert.NotSame(first, authority.IssueFor("api.deepseek.com"));
            Assert.NotSame(first, authority.IssueFor("api.anthropic.com", includeLoopbackAddress: true));
        }

        [Fact]
        public void Issues_once_when_handshakes_race_for_a_new_host()
        {
            using var authority = RunCertificateAuthority.Create();

            var leaves = Enumerable.Range(0, 16).AsParallel().Select(_ => authority.IssueFor("race.example.com")).ToList();

            Assert.All(leaves, leaf => Assert.Same(leaves[0], leaf));
        }

        [Fact]
        public void Gives_leaves_no_other_run_trusts()
        {
            using var authority = RunCertificateAuthority.Create();
            using var other = RunCertificateAuthority.Create();

            var leaf = authority.IssueFor("api.deepseek.com");

            Assert.False(ChainsTo(leaf, other.Certificate));
        }

        [Theory]
        [InlineData("two words")]
        [InlineData("a/b")]
        [InlineData("CN=evil,O=x")]
        [InlineData("host\"name")]
        public void Refuses_what_is_not_a_host_name(string name)
        {
            using var authority = RunCertificateAuthority.Create();

            Assert.Throws<ArgumentException>(() => authority.IssueFor(name));
        }

        [Fact]
        public void Refuses_after_dispose()
        {
            var authority = RunCertificateAuthority.Create();
            authority.Dispose();

            Assert.Throws<ObjectDisposedException>(() => authority.IssueFor("api.deepseek.com"));
        }
    }

    public sealed class TheWriteCaPemMethod
    {
        [Fact]
        public void Writes_the_CA_certificate_and_no_key()
        {
            using var temp = new TempDirectory();
            using var authority = RunCertificateAuthority.Create();
            var path = Path.Combine(temp.Path, "ca.pem");

            authority.WriteCaPem(path);

            var pem = File.ReadAllText(path);
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", pem, StringComparison.Ordinal);
            using var loaded = X509Certificate2.CreateFromPem(pem);
            Assert.Equal(authority.Certificate.Thumbprint, loaded.Thumbprint);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
