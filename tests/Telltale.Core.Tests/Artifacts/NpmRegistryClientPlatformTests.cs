using System.Net;
using System.Text.Json.Nodes;
using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts;

public sealed class NpmRegistryClientPlatformTests
{
    public sealed class TheSelectPlatformPackagesAsyncMethod
    {
        [Theory]
        [InlineData("linux-x64", "@acme/agent-linux-x64")]
        [InlineData("linux-x64-musl", "@acme/agent-linux-x64-musl")]
        [InlineData("darwin-arm64", "@acme/agent-darwin-arm64")]
        [InlineData("win32-x64", "@acme/agent-win32-x64")]
        public async Task Selects_the_package_npm_would_install_on_the_platform(string platform, string expected)
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();

            var selection = await setup.Select("npm:@acme/agent@1.0.0", platform);

            var selected = Assert.Single(selection.Selected);
            Assert.Equal((expected, expected, "1.0.0"), (selected.Alias, selected.Name, selected.Version));
            Assert.Equal(platform, selection.Platform.ToString());
        }

        [Fact]
        public async Task Lists_every_platform_package_in_manifest_order_but_no_plain_optional_dependency()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();

            var selection = await setup.Select("npm:@acme/agent", "linux-x64");

            Assert.Equal(
                ["@acme/agent-linux-x64", "@acme/agent-linux-x64-musl", "@acme/agent-darwin-arm64", "@acme/agent-win32-x64"],
                selection.Available.Select(p => p.Name));
            Assert.Equal("os linux, cpu x64, libc musl", selection.Available[1].Requirements.ToString());
        }

        [Fact]
        public async Task Reads_metadata_only()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();

            await setup.Select("npm:@acme/agent@1.0.0", "linux-x64");

            Assert.Empty(setup.Registry.TarballRequests());
            Assert.False(Directory.Exists(Path.Combine(setup.Cache.Path, "npm")));
        }

        [Fact]
        public async Task Selects_nothing_when_no_package_fits_the_platform()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();

            var selection = await setup.Select("npm:@acme/agent@1.0.0", "linux-arm64");

            Assert.Empty(selection.Selected);
            Assert.Equal(4, selection.Available.Count);
        }

        [Fact]
        public async Task Follows_npm_aliases_into_one_package_fetched_once()
        {
            using var setup = new PlatformRegistry();
            setup.Registry.Publish("@acme/codex", "1.0.0", PlatformRegistry.MainTarball);
            setup.PublishPlatform("@acme/codex", "1.0.0-linux-x64", ["linux"], ["x64"], null, tags: "linux-x64");
            setup.PublishPlatform("@acme/codex", "1.0.0-darwin-arm64", ["darwin"], ["arm64"], null, tags: "darwin-arm64");
            setup.Registry.Describe("@acme/codex", "1.0.0", new JsonObject
            {
                ["optionalDependencies"] = new JsonObject
                {
                    ["@acme/codex-linux-x64"] = "npm:@acme/codex@1.0.0-linux-x64",
                    ["@acme/codex-darwin-arm64"] = "npm:@acme/codex@1.0.0-darwin-arm64",
                },
            });

            var selection = await setup.Select("npm:@acme/codex@1.0.0", "linux-x64-musl");

            var selected = Assert.Single(selection.Selected);
            Assert.Equal(("@acme/codex-linux-x64", "@acme/codex", "1.0.0-linux-x64"), (selected.Alias, selected.Name, selected.Version));
            Assert.Equal(2, selection.Available.Count);
            Assert.Equal(2, setup.Registry.CountRequests("https://registry.test/@acme%2fcodex")); // the target, then both aliases together
        }

        [Fact]
        public async Task Picks_the_highest_version_of_a_range_and_reads_that_version_s_fields()
        {
            using var setup = new PlatformRegistry();
            setup.Registry.Publish("tool", "1.0.0", PlatformRegistry.MainTarball);
            setup.Registry.Describe("tool", "1.0.0", new JsonObject { ["optionalDependencies"] = new JsonObject { ["tool-native"] = "^1.0.0" } });
            setup.PublishPlatform("tool-native", "1.0.0", ["darwin"], null, null);
            setup.PublishPlatform("tool-native", "1.1.0", ["linux"], null, null);
            setup.PublishPlatform("tool-native", "2.0.0", ["darwin"], null, null);

            var selection = await setup.Select("npm:tool@1.0.0", "linux-x64");

            Assert.Equal("tool-native@1.1.0", Assert.Single(selection.Selected).ToString());
        }

        [Fact]
        public async Task Skips_an_optional_dependency_the_registry_does_not_have_as_npm_does()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();
            setup.Registry.Describe(PlatformRegistry.Agent, "1.0.0", new JsonObject
            {
                ["optionalDependencies"] = new JsonObject
                {
                    ["@acme/agent-linux-x64"] = "1.0.0",
                    ["@acme/agent-gone"] = "1.0.0",
                    ["@acme/agent-darwin-arm64"] = "9.9.9",
                },
            });

            var selection = await setup.Select("npm:@acme/agent@1.0.0", "linux-x64");

            Assert.Equal("@acme/agent-linux-x64", Assert.Single(selection.Available).Name);
        }

        [Fact]
        public async Task Gives_nothing_for_a_package_without_optional_dependencies()
        {
            using var setup = new PlatformRegistry();
            setup.Registry.Publish("plain", "1.0.0", PlatformRegistry.MainTarball);

            var selection = await setup.Select("npm:plain@1.0.0", "linux-x64");

            Assert.Empty(selection.Available);
            Assert.Single(setup.Registry.Requests);
        }

        [Fact]
        public async Task Fails_in_one_line_when_a_platform_package_s_metadata_cannot_be_had()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();
            setup.Registry.Fail("https://registry.test/@acme%2fagent-darwin-arm64", HttpStatusCode.ServiceUnavailable, times: 3);

            var error = await Assert.ThrowsAsync<TargetException>(() => setup.Select("npm:@acme/agent@1.0.0", "linux-x64"));

            Assert.Equal("fetching https://registry.test/@acme%2fagent-darwin-arm64 failed after 3 attempts: registry.test answered 503 Service Unavailable", error.Message);
        }

        [Fact]
        public async Task Reads_the_manifest_again_for_a_download_that_came_from_the_cache()
        {
            using var setup = new PlatformRegistry();
            setup.PublishAgent();
            var fresh = await setup.Client.DownloadAsync(NpmPackageSpec.Parse("npm:@acme/agent@1.0.0"));
            var cached = await setup.Client.DownloadAsync(NpmPackageSpec.Parse("npm:@acme/agent@1.0.0"));

            Assert.Equal(5, fresh.OptionalDependencies!.Count);
            Assert.True(cached.FromCache);
            Assert.Null(cached.OptionalDependencies);
            var selection = await setup.Client.SelectPlatformPackagesAsync(cached, NpmPlatform.Parse("darwin-arm64")!);
            Assert.Equal("@acme/agent-darwin-arm64", Assert.Single(selection.Selected).Name);
        }
    }
}
