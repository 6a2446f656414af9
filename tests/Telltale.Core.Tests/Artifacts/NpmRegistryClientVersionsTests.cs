using System.Net;
using Telltale.Artifacts;
using Telltale.Tests.Tracking;

namespace Telltale.Tests.Artifacts;

public sealed class NpmRegistryClientVersionsTests
{
    private static readonly DateTimeOffset Day = new(2026, 4, 3, 2, 28, 29, 141, TimeSpan.Zero);

    private static List<NpmVersionInfo> Infos(params string[] versions) => versions.Select(v => new NpmVersionInfo(v, null)).ToList();

    public sealed class TheGetVersionsAsyncMethod
    {
        [Fact]
        public async Task Lists_the_published_versions_in_semver_order_with_their_dates_and_deprecations()
        {
            using var cache = new TempDirectory();
            var registry = new TimedRegistry();
            registry.Publish("@scope/tool", "1.10.0", Day.AddDays(3));
            registry.Publish("@scope/tool", "1.9.0", Day, deprecated: "use 1.10");
            registry.Publish("@scope/tool", "1.10.0-rc.1", Day.AddDays(2));
            registry.Publish("@scope/tool", "1.2.0", null);

            var versions = await TimedRegistry.Client(registry, cache.Path).GetVersionsAsync("@scope/tool");

            Assert.Equal(["1.2.0", "1.9.0", "1.10.0-rc.1", "1.10.0"], versions.Select(v => v.Version));
            Assert.Equal(Day, versions[1].PublishedAt);
            Assert.Equal("use 1.10", versions[1].Deprecated);
            Assert.Null(versions[0].PublishedAt);
            Assert.Null(versions[3].Deprecated);
        }

        [Fact]
        public async Task Asks_for_the_full_packument_since_the_abbreviated_one_has_no_dates()
        {
            using var cache = new TempDirectory();
            var registry = new TimedRegistry();
            registry.Publish("tool", "1.0.0", Day);

            await TimedRegistry.Client(registry, cache.Path).GetVersionsAsync("tool");

            var request = Assert.Single(registry.Requests);
            Assert.Equal("https://registry.test/tool", request.RequestUri!.OriginalString);
            Assert.Equal(NpmRegistryClient.FullPackumentAccept, string.Join(", ", request.Headers.GetValues("Accept")));
        }

        [Fact]
        public async Task Leaves_out_unpublished_versions_whose_dates_remain()
        {
            using var cache = new TempDirectory();
            var registry = new TimedRegistry();
            registry.Publish("tool", "1.0.0", Day);
            registry.Publish("tool", "1.0.1", Day.AddDays(1));
            registry.Unpublish("tool", "1.0.1");

            var versions = await TimedRegistry.Client(registry, cache.Path).GetVersionsAsync("tool");

            Assert.Equal(["1.0.0"], versions.Select(v => v.Version));
        }

        [Fact]
        public async Task Retries_a_registry_that_fails_for_a_moment()
        {
            using var cache = new TempDirectory();
            var registry = new TimedRegistry();
            registry.Publish("tool", "1.0.0", Day);
            registry.Failures.Enqueue(HttpStatusCode.ServiceUnavailable);

            var versions = await TimedRegistry.Client(registry, cache.Path).GetVersionsAsync("tool");

            Assert.Single(versions);
            Assert.Equal(2, registry.Requests.Count);
        }

        [Fact]
        public async Task Says_which_package_the_registry_does_not_have()
        {
            using var cache = new TempDirectory();

            var error = await Assert.ThrowsAsync<TargetException>(() => TimedRegistry.Client(new TimedRegistry(), cache.Path).GetVersionsAsync("missing"));

            Assert.Equal("npm package not found: missing (404 from registry.test)", error.Message);
        }
    }

    public sealed class TheInRangeMethod
    {
        [Fact]
        public void Keeps_the_versions_an_npm_range_accepts_in_the_given_order()
        {
            var versions = Infos("2.1.87", "2.1.88", "2.1.89", "2.1.91", "2.1.92", "2.1.94", "2.2.0");

            Assert.Equal(["2.1.88", "2.1.89", "2.1.91", "2.1.92"], NpmRegistryClient.InRange(versions, ">=2.1.88 <=2.1.93").Select(v => v.Version));
            Assert.Equal(["2.1.87", "2.1.88", "2.1.89", "2.1.91", "2.1.92", "2.1.94"], NpmRegistryClient.InRange(versions, "~2.1").Select(v => v.Version));
            Assert.Equal(7, NpmRegistryClient.InRange(versions, "").Count);
        }

        [Fact]
        public void Leaves_out_prereleases_unless_the_range_names_one_of_the_same_version()
        {
            var versions = Infos("1.0.0", "1.1.0-beta.1", "1.1.0-beta.2", "1.1.0", "1.2.0-rc.1");

            Assert.Equal(["1.0.0", "1.1.0"], NpmRegistryClient.InRange(versions, "*").Select(v => v.Version));
            Assert.Equal(["1.1.0-beta.2", "1.1.0"], NpmRegistryClient.InRange(versions, ">=1.1.0-beta.2").Select(v => v.Version));
        }

        [Fact]
        public void Refuses_a_text_that_is_not_a_range()
        {
            var error = Assert.Throws<TargetException>(() => NpmRegistryClient.InRange(Infos("1.0.0"), ">=banana"));

            Assert.StartsWith("not an npm version range: '>=banana'", error.Message, StringComparison.Ordinal);
        }
    }

    public sealed class TheCompareVersionsMethod
    {
        [Fact]
        public void Orders_by_semver_precedence_not_text()
        {
            Assert.True(NpmRegistryClient.CompareVersions("2.1.100", "2.1.99") > 0);
            Assert.True(NpmRegistryClient.CompareVersions("2.0.0-rc.1", "2.0.0") < 0);
            Assert.True(NpmRegistryClient.IsRelease("2.0.0"));
            Assert.False(NpmRegistryClient.IsRelease("2.0.0-rc.1"));
        }
    }
}
