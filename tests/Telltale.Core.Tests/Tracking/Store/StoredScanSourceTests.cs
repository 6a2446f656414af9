using Telltale.Artifacts;
using Telltale.Scanning;
using Telltale.Tests.Artifacts;
using Telltale.Tracking.Store;

namespace Telltale.Tests.Tracking.Store;

public sealed class StoredScanSourceTests
{
    private static readonly ScanOptions Options = new();

    private static byte[] Package(string name, string version, string code = "module.exports = 1;\n") => Fixtures.TarGz(
        ("package/package.json", Fixtures.Utf8($$"""{"name":"{{name}}","version":"{{version}}"}""")),
        ("package/index.js", Fixtures.Utf8(code)));

    /// <summary>A registry that must not be asked: the test fails on the first request.</summary>
    private sealed class NoNetwork : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"no request was expected, got {request.RequestUri}");
    }

    private sealed class Setup : IDisposable
    {
        public Setup()
        {
            Store = new ScanStore(Path.Combine(Temp.Path, "scans.db"));
            Http = new HttpClient(Registry);
        }

        public TempDirectory Temp { get; } = new();
        public TempDirectory Cache { get; } = new();
        public FakeRegistry Registry { get; } = new();
        public HttpClient Http { get; }
        public ScanStore Store { get; }

        public NpmRegistryClient Client(HttpMessageHandler? handler = null, string? cache = null) =>
            new(handler is null ? Http : new HttpClient(handler), new NpmRegistryConfig(FakeRegistry.Url), new NpmRegistryClientOptions
            {
                CacheDirectory = cache ?? Cache.Path,
                RetryDelay = TimeSpan.Zero,
                MaxAttempts = 1,
            });

        public StoredScanSource Source(TargetResolver? resolver = null, ScanOptions? options = null) =>
            new(Store, resolver ?? new TargetResolver(Client()), options ?? Options);

        public void Dispose()
        {
            Store.Dispose();
            Http.Dispose();
            Registry.Dispose();
            Cache.Dispose();
            Temp.Dispose();
        }
    }

    public sealed class TheGetWithOriginAsyncMethod
    {
        [Fact]
        public async Task Scans_a_file_once_and_then_answers_from_the_store()
        {
            using var setup = new Setup();
            var file = setup.Temp.Write("tool.tgz", Package("tool", "1.0.0"));

            var first = await setup.Source().GetWithOriginAsync(file);
            var second = await setup.Source().GetWithOriginAsync(file);

            Assert.False(first.FromStore);
            Assert.True(second.FromStore);
            Assert.Equal(ScanStoreTests.Json(first.Report), ScanStoreTests.Json(second.Report));
        }

        [Fact]
        public async Task Does_not_reuse_a_scan_made_with_other_options()
        {
            using var setup = new Setup();
            var file = setup.Temp.Write("tool.tgz", Package("tool", "1.0.0"));
            await setup.Source(options: new ScanOptions { AnalyzeBehaviour = false }).GetWithOriginAsync(file);

            var result = await setup.Source().GetWithOriginAsync(file);

            Assert.False(result.FromStore);
            Assert.Equal(2, setup.Store.List().Count);
        }

        [Fact]
        public async Task Answers_an_exact_npm_version_without_the_registry_or_the_tarball()
        {
            using var setup = new Setup();
            setup.Registry.Publish("@acme/tool", "1.2.3", Package("@acme/tool", "1.2.3"));
            var scanned = await setup.Source().GetWithOriginAsync("npm:@acme/tool@1.2.3");
            setup.Cache.Dispose();

            using var emptyCache = new TempDirectory();
            var offline = new TargetResolver(setup.Client(new NoNetwork(), emptyCache.Path));
            var result = await setup.Source(offline).GetWithOriginAsync("npm:@acme/tool@1.2.3");

            Assert.False(scanned.FromStore);
            Assert.True(result.FromStore);
            Assert.Equal(("@acme/tool", "1.2.3", scanned.Report.Target.Sha256), (result.Report.Target.Name, result.Report.Target.Version, result.Report.Target.Sha256));
            Assert.Empty(Directory.EnumerateFileSystemEntries(emptyCache.Path));
        }

        [Fact]
        public async Task Reads_only_the_packument_for_a_tag_already_scanned()
        {
            using var setup = new Setup();
            setup.Registry.Publish("tool", "2.0.0", Package("tool", "2.0.0"));
            await setup.Source().GetWithOriginAsync("npm:tool@2.0.0");
            var before = setup.Registry.Requests.Count;

            var result = await setup.Source().GetWithOriginAsync("npm:tool@latest");

            Assert.True(result.FromStore);
            Assert.Equal("2.0.0", result.Report.Target.Version);
            Assert.Equal(["https://registry.test/tool"], setup.Registry.Requests.Skip(before).Select(r => r.RequestUri!.OriginalString));
        }

        [Fact]
        public async Task Remembers_an_npm_version_found_by_its_tarball()
        {
            using var setup = new Setup();
            var tarball = Package("tool", "3.0.0");
            setup.Registry.Publish("tool", "3.0.0", tarball);
            await setup.Source().GetWithOriginAsync(setup.Temp.Write("tool-3.0.0.tgz", tarball));

            // Same bytes as the scanned file: found by sha256 after the download, and linked to the version.
            var downloaded = await setup.Source().GetWithOriginAsync("npm:tool@3.0.0");
            using var emptyCache = new TempDirectory();
            var offline = await setup.Source(new TargetResolver(setup.Client(new NoNetwork(), emptyCache.Path))).GetWithOriginAsync("npm:tool@3.0.0");

            Assert.True(downloaded.FromStore);
            Assert.True(offline.FromStore);
        }

        [Fact]
        public async Task Scans_the_platform_packages_once_and_keeps_platforms_apart()
        {
            using var registry = new PlatformRegistry();
            registry.PublishAgent();
            using var temp = new TempDirectory();
            using var store = new ScanStore(Path.Combine(temp.Path, "scans.db"));
            var linux = NpmPlatform.Parse("linux-x64");

            var first = await new StoredScanSource(store, new TargetResolver(registry.Client, linux), Options).GetWithOriginAsync("npm:@acme/agent@1.0.0");
            var requests = registry.Registry.Requests.Count;
            var again = await new StoredScanSource(store, new TargetResolver(registry.Client, linux), Options).GetWithOriginAsync("npm:@acme/agent@1.0.0");
            var requestsAgain = registry.Registry.Requests.Count - requests;
            var alone = await new StoredScanSource(store, new TargetResolver(registry.Client, null), Options).GetWithOriginAsync("npm:@acme/agent@1.0.0");

            Assert.False(first.FromStore);
            Assert.Equal(["@acme/agent-linux-x64@1.0.0"], first.Report.Target.PlatformPackages.Select(p => p.ToString()));
            Assert.True(again.FromStore);
            Assert.Equal(0, requestsAgain);
            Assert.False(alone.FromStore);
            Assert.Empty(alone.Report.Target.PlatformPackages);
        }

        [Fact]
        public async Task Serves_parallel_requests_and_saves_each_scan()
        {
            using var setup = new Setup();
            var files = Enumerable.Range(0, 6).Select(i => setup.Temp.Write($"tool-{i}.tgz", Package("tool", $"1.0.{i}", $"module.exports = {i};\n"))).ToList();
            var source = setup.Source();

            var results = await Task.WhenAll(files.Select(f => Task.Run(() => source.GetWithOriginAsync(f))));

            Assert.All(results, r => Assert.False(r.FromStore));
            Assert.Equal(6, setup.Store.List().Count);
            Assert.All(await Task.WhenAll(files.Select(f => Task.Run(() => source.GetWithOriginAsync(f)))), r => Assert.True(r.FromStore));
        }

        [Fact]
        public async Task Keeps_every_finished_scan_when_a_later_one_is_cancelled()
        {
            using var setup = new Setup();
            var done = new[] { setup.Temp.Write("a.tgz", Package("a", "1.0.0")), setup.Temp.Write("b.tgz", Package("b", "1.0.0")) };
            var big = Path.Combine(setup.Temp.Path, "big");
            for (var i = 0; i < 50; i++)
            {
                setup.Temp.Write($"big/f{i}.js", $"module.exports = {i};\n");
            }

            var source = setup.Source();
            foreach (var file in done)
            {
                await source.GetWithOriginAsync(file);
            }

            using var cancellation = new CancellationTokenSource();
            var cancelOnFirstEntry = new SynchronousProgress(p =>
            {
                if (p.Stage == "scan")
                {
                    cancellation.Cancel();
                }
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.GetWithOriginAsync(big, cancelOnFirstEntry, cancellation.Token));

            using var reopened = new ScanStore(setup.Store.Path);
            Assert.Equal(["a", "b"], reopened.List().Select(s => s.Name).Order(StringComparer.Ordinal));
            Assert.All(done, f => Assert.NotNull(reopened.TryGet(ArtifactHasher.HashFile(f), source.Fingerprint)));
        }

        [Fact]
        public async Task Refuses_a_bad_target_as_the_scanner_does()
        {
            using var setup = new Setup();

            await Assert.ThrowsAsync<TargetException>(() => setup.Source().GetWithOriginAsync(Path.Combine(setup.Temp.Path, "missing.tgz")));
            await Assert.ThrowsAsync<TargetException>(() => setup.Source().GetWithOriginAsync("npm:@bad"));
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the cancellation must happen while the scan runs.</summary>
    private sealed class SynchronousProgress(Action<ScanProgress> report) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => report(value);
    }
}
