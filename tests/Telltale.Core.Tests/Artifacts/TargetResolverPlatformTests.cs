using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class TargetResolverPlatformTests
{
    private static Task<ResolvedTarget> Resolve(PlatformRegistry setup, string spec, string platform) =>
        new TargetResolver(setup.Client, NpmPlatform.Parse(platform)).ResolveAsync(spec, CancellationToken.None);

    public sealed class TheResolveAsyncMethod
    {
        [Fact]
        public async Task Downloads_the_platform_package_with_the_target()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();

            var target = await Resolve(setup, "npm:@acme/agent@1.0.0", "linux-x64");

            Assert.Equal(("@acme/agent", "1.0.0", "linux-x64"), (target.Name, target.Version, target.Platform));
            var package = Assert.Single(target.PlatformPackages);
            Assert.Equal(("@acme/agent-linux-x64", "1.0.0"), (package.Name, package.Version));
            Assert.Equal(setup.Client.CachePathFor("@acme/agent-linux-x64", "1.0.0"), package.LocalPath);
            Assert.Equal(ArtifactHasher.HashFile(package.LocalPath), package.Sha256);
            Assert.Equal(PlatformRegistry.PlatformTarball("@acme/agent-linux-x64"), await File.ReadAllBytesAsync(package.LocalPath));
            Assert.Equal("@acme/agent-linux-x64@1.0.0", package.PathPrefix);
            Assert.Equal(2, setup.Registry.TarballRequests().Count);
        }

        [Fact]
        public async Task Uses_the_cache_for_a_platform_package_as_for_the_target()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();
            await Resolve(setup, "npm:@acme/agent@1.0.0", "linux-x64-musl");

            var again = await Resolve(setup, "npm:@acme/agent@1.0.0", "linux-x64-musl");

            Assert.Equal("@acme/agent-linux-x64-musl", Assert.Single(again.PlatformPackages).Name);
            Assert.Equal(2, setup.Registry.TarballRequests().Count);
        }

        [Fact]
        public async Task Keeps_the_platform_with_no_package_when_none_fits()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();

            var target = await Resolve(setup, "npm:@acme/agent@1.0.0", "linux-arm64");

            Assert.Equal("linux-arm64", target.Platform);
            Assert.Empty(target.PlatformPackages);
            Assert.Single(setup.Registry.TarballRequests());
        }

        [Fact]
        public async Task Names_no_platform_for_a_package_that_has_no_platform_packages()
        {
            using var setup = new PlatformRegistry();
            setup.Registry.Publish("plain", "1.0.0", PlatformRegistry.MainTarball);

            var target = await Resolve(setup, "npm:plain@1.0.0", "linux-x64");

            Assert.Null(target.Platform);
            Assert.Empty(target.PlatformPackages);
        }

        [Fact]
        public async Task Fetches_nothing_more_when_asked_for_no_platform()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();

            var target = await Resolve(setup, "npm:@acme/agent@1.0.0", "none");

            Assert.Null(target.Platform);
            Assert.Empty(target.PlatformPackages);
            Assert.Equal(2, setup.Registry.Requests.Count); // the packument and the tarball of the target
        }

        [Fact]
        public async Task Refuses_a_platform_package_that_does_not_match_its_integrity()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent(linuxDist: new() { ["integrity"] = FakeRegistry.Sri512(PlatformRegistry.MainTarball) });

            var error = await Assert.ThrowsAsync<TargetException>(() => Resolve(setup, "npm:@acme/agent@1.0.0", "linux-x64"));

            Assert.StartsWith("platform package @acme/agent-linux-x64@1.0.0 for linux-x64: integrity mismatch for @acme/agent-linux-x64@1.0.0", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(setup.Client.CachePathFor("@acme/agent-linux-x64", "1.0.0")));
        }

        [Fact]
        public async Task Leaves_local_targets_alone()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("tool.tgz", PlatformRegistry.MainTarball);

            var target = await new TargetResolver(NpmPlatform.Parse("linux-x64")).ResolveAsync(file, CancellationToken.None);

            Assert.Equal(new ResolvedTarget("tool.tgz", null, file, ArtifactHasher.HashFile(file), "file"), target);
        }
    }
}
