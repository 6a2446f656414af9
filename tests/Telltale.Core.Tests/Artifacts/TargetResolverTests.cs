using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class TargetResolverTests
{
    public sealed class TheResolveAsyncMethod
    {
        [Fact]
        public async Task Takes_an_existing_file_as_is()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("tool-1.0.0.tgz", Fixtures.TarGz(("package/a.js", Fixtures.Utf8("1"))));

            var target = await new TargetResolver().ResolveAsync(file, CancellationToken.None);

            Assert.Equal(new ResolvedTarget("tool-1.0.0.tgz", null, file, ArtifactHasher.HashFile(file), "file"), target);
        }

        [Fact]
        public async Task Takes_an_existing_directory_as_is()
        {
            using var temp = new TempDirectory();
            temp.Write("my-tool/index.js", "1");
            var directory = Path.Combine(temp.Path, "my-tool");

            var target = await new TargetResolver().ResolveAsync(directory + Path.DirectorySeparatorChar, CancellationToken.None);

            Assert.Equal(("my-tool", (string?)null, directory, "directory"), (target.Name, target.Version, target.LocalPath, target.Source));
            Assert.Equal(ArtifactHasher.HashDirectory(directory), target.Sha256);
        }

        [Fact]
        public async Task Refuses_a_path_that_does_not_exist()
        {
            var error = await Assert.ThrowsAsync<TargetException>(() => new TargetResolver().ResolveAsync("./no-such-thing.tgz", CancellationToken.None));
            Assert.Equal("no such file or directory: ./no-such-thing.tgz", error.Message);
        }

        [Fact]
        public async Task Fetches_npm_specs_from_the_registry()
        {
            var tarball = Fixtures.TarGz(("package/package.json", Fixtures.Utf8("{}")));
            using var registry = new FakeRegistry();
            registry.Publish("@scope/pkg", "3.1.4", tarball);
            using var cache = new TempDirectory();
            using var http = new HttpClient(registry);
            var client = new NpmRegistryClient(http, new NpmRegistryConfig(FakeRegistry.Url), new NpmRegistryClientOptions { CacheDirectory = cache.Path });

            var target = await new TargetResolver(client).ResolveAsync("npm:@scope/pkg", CancellationToken.None);

            Assert.Equal(("@scope/pkg", "3.1.4", "npm"), (target.Name, target.Version, target.Source));
            Assert.Equal(client.CachePathFor("@scope/pkg", "3.1.4"), target.LocalPath);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(tarball)), target.Sha256);
        }

        [Fact]
        public async Task Refuses_a_malformed_npm_spec() =>
            await Assert.ThrowsAsync<TargetException>(() => new TargetResolver().ResolveAsync("npm:@bad", CancellationToken.None));
    }
}
