using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Telltale.Probing;
using Telltale.Probing.Capture;

namespace Telltale.Tests.Probing.Capture;

public sealed class CaptureEndpointTests
{
    private const string MessageBody = """{"model":"deepseek-chat","max_tokens":16,"messages":[{"role":"user","content":"say hi"}]}""";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public sealed class TheStartAsyncMethod
    {
        [Fact]
        public async Task Presents_a_leaf_for_the_SNI_host_signed_by_the_run_CA()
        {
            await using var harness = await CaptureHarness.StartAsync();
            var client = harness.Client();

            using var deepseek = await client.PostAsync(harness.Url("api.deepseek.com", "/v1/messages"), Json(MessageBody));
            var deepseekLeaf = harness.LastServerCertificate!;
            using var example = await client.PostAsync(harness.Url("llm.example.com", "/v1/messages"), Json(MessageBody));
            var exampleLeaf = harness.LastServerCertificate!;

            Assert.Equal(HttpStatusCode.OK, deepseek.StatusCode);
            Assert.Equal(HttpStatusCode.OK, example.StatusCode);
            Assert.Equal(["api.deepseek.com"], DnsNames(deepseekLeaf));
            Assert.Equal(["llm.example.com"], DnsNames(exampleLeaf));
            Assert.Equal(harness.Authority.Certificate.Subject, deepseekLeaf.Issuer);
        }

        [Fact]
        public async Task Presents_the_default_host_with_loopback_addresses_when_there_is_no_SNI()
        {
            await using var harness = await CaptureHarness.StartAsync();

            // A URL with an address sends no SNI; the certificate must still pass the client's name check.
            using var response = await harness.Client().GetAsync(harness.Url("127.0.0.1", "/v1/models"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["localhost"], DnsNames(harness.LastServerCertificate!));
            Assert.Equal("127.0.0.1", Assert.Single(harness.Endpoint.Requests).Host);
        }

        [Fact]
        public async Task Is_not_trusted_by_a_client_that_trusts_another_run()
        {
            await using var harness = await CaptureHarness.StartAsync();
            using var otherRun = RunCertificateAuthority.Create();
            var client = harness.Client(otherRun.Certificate);

            var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(harness.Url("api.deepseek.com", "/v1/messages"), Json(MessageBody)));

            Assert.IsType<AuthenticationException>(failure.InnerException);
            Assert.Empty(harness.Endpoint.Requests);
        }

        [Fact]
        public async Task Is_not_trusted_by_the_system_store()
        {
            await using var harness = await CaptureHarness.StartAsync();
            using var handler = new SocketsHttpHandler { ConnectCallback = (context, token) => ConnectToLoopbackAsync(context.DnsEndPoint.Port, token) };
            using var client = new HttpClient(handler);

            var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(harness.Url("api.deepseek.com", "/v1/models")));

            Assert.IsType<AuthenticationException>(failure.InnerException);
        }

        [Fact]
        public async Task Speaks_HTTP2_over_TLS()
        {
            await using var harness = await CaptureHarness.StartAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, harness.Url("api.anthropic.com", "/v1/messages"))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = Json(MessageBody),
            };

            using var response = await harness.Client().SendAsync(request);

            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var captured = Assert.Single(harness.Endpoint.Requests);
            Assert.Equal("api.anthropic.com", captured.Host);
            Assert.Equal(MessageBody, captured.Body);
        }

        [Fact]
        public async Task Serves_plain_HTTP_listeners()
        {
            await using var harness = await CaptureHarness.StartAsync(useTls: false);

            using var response = await harness.Client().PostAsync(harness.Url("llm.example.com", "/v1/chat/completions", useTls: false), Json("""{"model":"m","messages":[]}"""));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var captured = Assert.Single(harness.Endpoint.Requests);
            Assert.Equal("llm.example.com", captured.Host);
            Assert.Equal("/v1/chat/completions", captured.Path);
        }

        [Fact]
        public async Task Accepts_on_a_socket_the_caller_made_and_leaves_it_open()
        {
            using var authority = RunCertificateAuthority.Create();
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen();
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;

            var endpoint = await CaptureEndpoint.StartAsync(new CaptureEndpointOptions
            {
                Listeners = [CaptureListener.ListeningSocket(socket, useTls: true)],
                CertificateAuthority = authority,
            });
            await using (endpoint)
            {
                await using var harness = await CaptureHarness.StartAsync();
                using var response = await harness.Client(authority.Certificate).PostAsync(new Uri($"https://api.deepseek.com:{port}/v1/messages"), Json(MessageBody));

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var captured = Assert.Single(endpoint.Requests);
                Assert.Equal("api.deepseek.com", captured.Host);
                Assert.Empty(harness.Endpoint.Requests);
            }

            // Kestrel borrowed the handle: the caller's socket still works after the endpoint is gone.
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            using var accepted = await socket.AcceptAsync();
            Assert.True(accepted.Connected);
        }

        [Fact]
        public async Task Reports_the_port_it_bound_for_port_zero()
        {
            await using var harness = await CaptureHarness.StartAsync();

            var bound = Assert.IsType<IPEndPoint>(Assert.Single(harness.Endpoint.BoundEndPoints));

            Assert.Equal(IPAddress.Loopback, bound.Address);
            Assert.NotEqual(0, bound.Port);
        }

        [Fact]
        public async Task Refuses_a_TLS_listener_without_a_CA()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => CaptureEndpoint.StartAsync(new CaptureEndpointOptions
            {
                Listeners = [CaptureListener.Tcp(new IPEndPoint(IPAddress.Loopback, 0), useTls: true)],
            }));
        }

        [Fact]
        public async Task Refuses_no_listeners()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => CaptureEndpoint.StartAsync(new CaptureEndpointOptions()));
        }
    }

    public sealed class TheRequestsProperty
    {
        [Fact]
        public async Task Records_method_host_path_headers_body_and_time()
        {
            await using var harness = await CaptureHarness.StartAsync();
            var before = DateTimeOffset.UtcNow;
            using var request = new HttpRequestMessage(HttpMethod.Post, harness.Url("api.deepseek.com", "/anthropic/v1/messages?beta=true")) { Content = Json(MessageBody) };
            request.Headers.Add("anthropic-version", "2023-06-01");
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("claude-cli", "1.0.0"));

            using var response = await harness.Client().SendAsync(request);

            var captured = Assert.Single(harness.Endpoint.Requests);
            Assert.Equal(1, captured.Sequence);
            Assert.Equal("POST", captured.Method);
            Assert.Equal("api.deepseek.com", captured.Host);
            Assert.Equal("/anthropic/v1/messages?beta=true", captured.Path);
            Assert.Equal(MessageBody, captured.Body);
            Assert.Equal("2023-06-01", captured.Headers["anthropic-version"]);
            Assert.Equal("claude-cli/1.0.0", captured.Headers["user-agent"]);
            Assert.Equal($"api.deepseek.com:{harness.Port}", captured.Headers["host"]);
            Assert.Equal("application/json; charset=utf-8", captured.Headers["content-type"]);
            Assert.InRange(captured.ReceivedAt, before, DateTimeOffset.UtcNow);
        }

        [Fact]
        public async Task Records_the_target_as_sent_without_decoding_it()
        {
            await using var harness = await CaptureHarness.StartAsync();

            using var response = await harness.Client().GetAsync(harness.Url("llm.example.com", "/v1/files/a%20b%2Fc?q=x%26y&token=t%3D1"));

            Assert.Equal("/v1/files/a%20b%2Fc?q=x%26y&token=[redacted]", Assert.Single(harness.Endpoint.Requests).Path);
        }

        [Fact]
        public async Task Redacts_credentials_in_headers_and_query()
        {
            await using var harness = await CaptureHarness.StartAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, harness.Url("api.deepseek.com", "/v1/messages?key=AIzaSECRET1&api_token=SECRET2&beta=true")) { Content = Json(MessageBody) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-SECRET3");
            request.Headers.Add("x-api-key", "sk-ant-SECRET4");
            request.Headers.Add("Cookie", "session=SECRET5");
            request.Headers.Add("X-Goog-Api-Key", "SECRET6");
            request.Headers.Add("x-amz-security-token", "SECRET7");
            request.Headers.Add("X-Client-Secret", "SECRET8");
            request.Headers.Add("anthropic-beta", "oauth-2025-04-20");

            using var response = await harness.Client().SendAsync(request);

            var captured = Assert.Single(harness.Endpoint.Requests);
            foreach (var name in new[] { "authorization", "x-api-key", "cookie", "x-goog-api-key", "x-amz-security-token", "x-client-secret" })
            {
                Assert.Equal("[redacted]", captured.Headers[name]);
            }

            Assert.Equal("oauth-2025-04-20", captured.Headers["anthropic-beta"]);
            Assert.Equal("/v1/messages?key=[redacted]&api_token=[redacted]&beta=true", captured.Path);
            var everything = string.Join("\n", captured.Headers.Select(h => h.Key + ": " + h.Value)) + captured.Path + captured.Body;
            Assert.DoesNotContain("SECRET", everything, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Keeps_at_most_the_body_limit_and_still_answers()
        {
            await using var harness = await CaptureHarness.StartAsync(maxBodyBytes: 1000);
            var body = new string('a', 5000);

            using var response = await harness.Client().PostAsync(harness.Url("api.deepseek.com", "/upload"), new StringContent(body));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(new string('a', 1000), Assert.Single(harness.Endpoint.Requests).Body);
        }

        [Fact]
        public async Task Decodes_a_gzip_body_within_the_limit()
        {
            await using var harness = await CaptureHarness.StartAsync(maxBodyBytes: 1000);
            var compressed = new MemoryStream();
            await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                await gzip.WriteAsync(Encoding.UTF8.GetBytes(new string('z', 100_000)));
            }

            using var content = new ByteArrayContent(compressed.ToArray());
            content.Headers.ContentEncoding.Add("gzip");
            using var response = await harness.Client().PostAsync(harness.Url("telemetry.example.com", "/v1/logs"), content);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(new string('z', 1000), Assert.Single(harness.Endpoint.Requests).Body);
        }

        [Fact]
        public async Task Records_a_body_that_is_not_what_its_encoding_claims_as_sent()
        {
            await using var harness = await CaptureHarness.StartAsync();
            using var content = new StringContent("plain text");
            content.Headers.ContentEncoding.Add("gzip");

            using var response = await harness.Client().PostAsync(harness.Url("telemetry.example.com", "/v1/logs"), content);

            Assert.Equal("plain text", Assert.Single(harness.Endpoint.Requests).Body);
        }

        [Fact]
        public async Task Records_every_one_of_many_parallel_requests_with_its_own_sequence()
        {
            await using var harness = await CaptureHarness.StartAsync();
            var client = harness.Client();

            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            {
                using var response = await client.PostAsync(harness.Url("api.deepseek.com", "/v1/messages"), Json($$"""{"model":"m{{i}}","messages":[]}"""));
                return response.StatusCode;
            }));

            Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
            var captured = harness.Endpoint.Requests;
            Assert.Equal(Enumerable.Range(1, 20), captured.Select(r => r.Sequence));
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $$"""{"model":"m{{i}}","messages":[]}""").Order(), captured.Select(r => r.Body).Order());
        }
    }

    public sealed class TheDrainMethod
    {
        [Fact]
        public async Task Returns_the_requests_and_forgets_them_while_sequence_numbers_go_on()
        {
            await using var harness = await CaptureHarness.StartAsync();
            var client = harness.Client();
            (await client.GetAsync(harness.Url("api.deepseek.com", "/a"))).Dispose();
            (await client.GetAsync(harness.Url("api.deepseek.com", "/b"))).Dispose();

            var first = harness.Endpoint.Drain();
            (await client.GetAsync(harness.Url("api.deepseek.com", "/c"))).Dispose();
            var second = harness.Endpoint.Drain();

            Assert.Equal(["/a", "/b"], first.Select(r => r.Path));
            Assert.Equal([1, 2], first.Select(r => r.Sequence));
            Assert.Equal(3, Assert.Single(second).Sequence);
            Assert.Empty(harness.Endpoint.Requests);
        }
    }

    public sealed class TheClearMethod
    {
        [Fact]
        public async Task Forgets_every_recorded_request()
        {
            await using var harness = await CaptureHarness.StartAsync();
            (await harness.Client().GetAsync(harness.Url("api.deepseek.com", "/a"))).Dispose();

            harness.Endpoint.Clear();

            Assert.Empty(harness.Endpoint.Requests);
        }
    }

    private static IEnumerable<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();

    private static async ValueTask<Stream> ConnectToLoopbackAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
