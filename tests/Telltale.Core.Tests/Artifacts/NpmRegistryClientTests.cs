using System.Net;
using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class NpmRegistryClientTests
{
    private static readonly byte[] Tarball = Fixtures.TarGz(("package/package.json", Fixtures.Utf8("{\"name\":\"@scope/pkg\",\"version\":\"1.0.0\"}")));
    private static readonly byte[] OtherTarball = Fixtures.TarGz(("package/index.js", Fixtures.Utf8("evil()")));

    private sealed class Setup : IDisposable
    {
        public Setup(NpmRegistryConfig? config = null)
        {
            Http = new HttpClient(Registry);
            Client = new NpmRegistryClient(Http, config ?? new NpmRegistryConfig(FakeRegistry.Url), new NpmRegistryClientOptions
            {
                CacheDirectory = Cache.Path,
                RetryDelay = TimeSpan.Zero,
                MaxAttempts = 3,
                AttemptTimeout = TimeSpan.FromSeconds(30),
            });
        }

        public FakeRegistry Registry { get; } = new();
        public TempDirectory Cache { get; } = new();
        public HttpClient Http { get; }
        public NpmRegistryClient Client { get; private set; }

        public void WithOptions(Func<NpmRegistryClientOptions, NpmRegistryClientOptions> change) =>
            Client = new NpmRegistryClient(Http, Client.Config, change(Client.Options));

        public Task<NpmDownload> Download(string spec) => Client.DownloadAsync(NpmPackageSpec.Parse(spec));

        public void Dispose()
        {
            Http.Dispose();
            Cache.Dispose();
        }
    }

    public sealed class TheDownloadAsyncMethod
    {
        [Fact]
        public async Task Downloads_the_latest_version_and_verifies_its_sha512()
        {
            using var setup = new Setup();
            setup.Registry.Publish("@scope/pkg", "0.9.0", OtherTarball);
            setup.Registry.Publish("@scope/pkg", "1.0.0", Tarball);

            var download = await setup.Download("npm:@scope/pkg");

            Assert.Equal(("@scope/pkg", "1.0.0", false), (download.Name, download.Version, download.FromCache));
            Assert.Equal(FakeRegistry.Sri512(Tarball), download.Integrity);
            Assert.Equal(Path.Combine(setup.Cache.Path, "npm", "@scope+pkg", "1.0.0.tgz"), download.TarballPath);
            Assert.Equal(Tarball, await File.ReadAllBytesAsync(download.TarballPath));

            var packumentRequest = setup.Registry.Requests[0];
            Assert.Equal("https://registry.test/@scope%2fpkg", packumentRequest.RequestUri!.OriginalString);
            Assert.Equal(NpmRegistryClient.PackumentAccept, string.Join(", ", packumentRequest.Headers.GetValues("Accept")));
        }

        [Fact]
        public async Task Resolves_an_exact_version_and_a_dist_tag()
        {
            using var setup = new Setup();
            setup.Registry.Publish("tool", "1.0.0", Tarball);
            setup.Registry.Publish("tool", "2.0.0-rc.1", OtherTarball, tags: "next");

            Assert.Equal("2.0.0-rc.1", (await setup.Download("npm:tool@next")).Version);
            Assert.Equal("1.0.0", (await setup.Download("npm:tool@1.0.0")).Version);
            Assert.Equal("1.0.0", (await setup.Download("npm:tool")).Version);
        }

        [Fact]
        public async Task Refuses_a_tarball_that_does_not_match_its_integrity()
        {
            using var setup = new Setup();
            setup.Registry.Publish("tool", "1.0.0", OtherTarball, new() { ["integrity"] = FakeRegistry.Sri512(Tarball) });

            var error = await Assert.ThrowsAsync<TargetException>(() => setup.Download("npm:tool@1.0.0"));

            Assert.Contains("integrity mismatch", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(setup.Client.CachePathFor("tool", "1.0.0")));
            Assert.Empty(Directory.GetFiles(Path.Combine(setup.Cache.Path, "npm", "tool")));
        }

        [Fact]
        public async Task Does_not_let_a_weaker_hash_vouch_for_a_stronger_one()
        {
            using var setup = new Setup();
            var integrity = FakeRegistry.Sri1(OtherTarball) + " " + FakeRegistry.Sri512(Tarball);
            setup.Registry.Publish("tool", "1.0.0", OtherTarball, new() { ["integrity"] = integrity });

            await Assert.ThrowsAsync<TargetException>(() => setup.Download("npm:tool@1.0.0"));
        }

        [Fact]
        public async Task Falls_back_to_the_sha1_shasum_only_when_no_integrity_is_given()
        {
            using var setup = new Setup();
            setup.Registry.Publish("old", "0.1.0", Tarball, new() { ["integrity"] = null });
            setup.Registry.Publish("tampered", "0.1.0", OtherTarball, new() { ["integrity"] = null, ["shasum"] = FakeRegistry.Shasum(Tarball) });

            var download = await setup.Download("npm:old@0.1.0");
            Assert.Equal(FakeRegistry.Sri1(Tarball), download.Integrity);
            await Assert.ThrowsAsync<TargetException>(() => setup.Download("npm:tampered@0.1.0"));
        }

        [Fact]
        public async Task Refuses_a_tarball_with_no_integrity_at_all()
        {
            using var setup = new Setup();
            setup.Registry.Publish("bare", "1.0.0", Tarball, new() { ["integrity"] = null, ["shasum"] = null });

            var error = await Assert.ThrowsAsync<TargetException>(() => setup.Download("npm:bare@1.0.0"));
            Assert.Contains("no integrity", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Reuses_a_cached_exact_version_without_the_network()
        {
            using var setup = new Setup();
            setup.Registry.Publish("tool", "1.0.0", Tarball);
            var first = await setup.Download("npm:tool@1.0.0");
            var requests = setup.Registry.Requests.Count;

            var second = await setup.Download("npm:tool@1.0.0");

            Assert.True(second.FromCache);
            Assert.Equal(first.TarballPath, second.TarballPath);
            Assert.Equal(first.Integrity, second.Integrity);
            Assert.Equal(requests, setup.Registry.Requests.Count);
        }

        [Fact]
        public async Task Resolves_a_tag_online_but_reuses_the_cached_tarball()
        {
            using var setup = new Setup();
            var tarballUrl = setup.Registry.Publish("tool", "1.0.0", Tarball);
            await setup.Download("npm:tool");

            var second = await setup.Download("npm:tool@latest");

            Assert.True(second.FromCache);
            Assert.Equal(2, setup.Registry.CountRequests("https://registry.test/tool"));
            Assert.Equal(1, setup.Registry.CountRequests(tarballUrl.AbsoluteUri));
        }

        [Theory]
        [InlineData("garbage")]
        [InlineData("truncated")]
        [InlineData("no-integrity-file")]
        public async Task Discards_a_corrupted_cache_entry_and_downloads_again(string damage)
        {
            using var setup = new Setup();
            var tarballUrl = setup.Registry.Publish("tool", "1.0.0", Tarball);
            var path = (await setup.Download("npm:tool@1.0.0")).TarballPath;
            switch (damage)
            {
                case "garbage":
                    await File.WriteAllBytesAsync(path, OtherTarball);
                    break;
                case "truncated":
                    await File.WriteAllBytesAsync(path, Tarball[..10]);
                    break;
                default:
                    File.Delete(path + ".integrity");
                    break;
            }

            var again = await setup.Download("npm:tool@1.0.0");

            Assert.False(again.FromCache);
            Assert.Equal(Tarball, await File.ReadAllBytesAsync(again.TarballPath));
            Assert.Equal(2, setup.Registry.CountRequests(tarballUrl.AbsoluteUri));
        }

        [Fact]
        public async Task Retries_server_errors_then_succeeds()
        {
            using var setup = new Setup();
            setup.Registry.Publish("tool", "1.0.0", Tarball);
            setup.Registry.Fail("https://registry.test/tool", HttpStatusCode.ServiceUnavailable, times: 2);

            var download = await setup.Download("npm:tool");

            Assert.Equal("1.0.0", download.Version);
            Assert.Equal(3, setup.Registry.CountRequests("https://registry.test/tool"));
        }

        [Fact]
        public async Task Gives_up_after_the_last_attempt()
        {
            using var setup = new Setup();
            setup.Registry.Publish("tool", "1.0.0", Tarball);
            setup.Registry.Fail("https://registry.test/tool", HttpStatusCode.BadGateway, times: 5);

            var error = await Assert.ThrowsAsync<TargetException>(() => setup.Download("npm:tool"));

            Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
            Assert.Contains("502", error.Message, StringComparison.Ordinal);
            Assert.Equal(3, setup.Registry.Requests.Count);
        }

        [Fact]
        public async Task Does_not_retry_a_missing_package()
        {
            using var setup = new Setup();

            var error = await Assert.ThrowsAsync<TargetException>(() => setup.Download("npm:nope"));

            Assert.Contains("not found", error.Message, StringComparison.Ordinal);
            Assert.Single(setup.Registry.Requests);
        }

        [Fact]
        public async Task Retries_a_download_that_times_out()
        {
            using var setup = new Setup();
            setup.WithOptions(o => o with { AttemptTimeout = TimeSpan.FromMilliseconds(300) });
            var tarballUrl = setup.Registry.Publish("tool", "1.0.0", Tarball);
            setup.Registry.Script(tarballUrl.AbsoluteUri, async (_, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return new HttpResponseMessage(HttpStatusCode.OK);
            });

            var download = await setup.Download("npm:tool@1.0.0");

            Assert.Equal(Tarball, await File.ReadAllBytesAsync(download.TarballPath));
            Assert.Equal(2, setup.Registry.CountRequests(tarballUrl.AbsoluteUri));
        }

        [Fact]
        public async Task Refuses_an_unknown_version_or_tag()
        {
            using var setup = new Setup();
            setup.Registry.Publish("tool", "1.0.0", Tarball);

            await Assert.ThrowsAsync<TargetException>(() => setup.Download("npm:tool@9.9.9"));
            await Assert.ThrowsAsync<TargetException>(() => setup.Download("npm:tool@beta"));
        }

        [Fact]
        public async Task Sends_an_auth_token_only_where_it_is_configured()
        {
            var config = new NpmRegistryConfig(FakeRegistry.Url, authTokens: new Dictionary<string, string> { ["//registry.test/"] = "tok" });
            using var setup = new Setup(config);
            setup.Registry.Publish("tool", "1.0.0", Tarball, tarballHost: "cdn.test");

            await setup.Download("npm:tool@1.0.0");

            Assert.Equal("Bearer tok", setup.Registry.Requests[0].Headers.Authorization?.ToString());
            Assert.Equal("cdn.test", setup.Registry.Requests[1].RequestUri!.Host);
            Assert.Null(setup.Registry.Requests[1].Headers.Authorization);
        }

        [Fact]
        public async Task Asks_a_scopes_own_registry()
        {
            var config = new NpmRegistryConfig(new Uri("https://public.test/"), new Dictionary<string, Uri> { ["@scope"] = FakeRegistry.Url });
            using var setup = new Setup(config);
            setup.Registry.Publish("@scope/pkg", "1.0.0", Tarball);

            Assert.Equal("1.0.0", (await setup.Download("npm:@scope/pkg")).Version);
        }

        [Fact]
        [Trait("Category", "Network")]
        public async Task Downloads_is_number_from_the_real_registry()
        {
            using var cache = new TempDirectory();
            using var http = new HttpClient();
            var client = new NpmRegistryClient(http, new NpmRegistryConfig(NpmRegistryConfig.DefaultRegistry), new NpmRegistryClientOptions { CacheDirectory = cache.Path });

            var download = await client.DownloadAsync(NpmPackageSpec.Parse("npm:is-number@7.0.0"));

            Assert.Equal(("is-number", "7.0.0"), (download.Name, download.Version));
            Assert.Equal("sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==", download.Integrity);
            Assert.Equal("7b75c1057198cf97696909a9bee176c9c5e9bcb5b03bf3ecef2f484defadd51e", ArtifactHasher.HashFile(download.TarballPath));
        }
    }

    public sealed class TheDefaultCacheDirectoryMethod
    {
        [Fact]
        public void Prefers_TELLTALE_CACHE_DIR_then_XDG_CACHE_HOME_then_the_home_cache()
        {
            var home = Path.Combine(Path.GetTempPath(), "home");
            var env = new Dictionary<string, string>();
            string Resolve() => NpmRegistryClient.DefaultCacheDirectory(name => env.GetValueOrDefault(name), home);

            Assert.Equal(Path.Combine(home, ".cache", "telltale"), Resolve());
            env["XDG_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "xdg");
            Assert.Equal(Path.Combine(Path.GetTempPath(), "xdg", "telltale"), Resolve());
            env["TELLTALE_CACHE_DIR"] = Path.Combine(Path.GetTempPath(), "tt");
            Assert.Equal(Path.Combine(Path.GetTempPath(), "tt"), Resolve());
        }
    }
}
