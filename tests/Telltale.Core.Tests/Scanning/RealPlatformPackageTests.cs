using System.Collections.Concurrent;
using Telltale.Artifacts;

namespace Telltale.Tests.Scanning;

/// <summary>
/// Platform packages chosen from the real npm registry, metadata only: the platform tarballs are
/// 77–175 MB each, so these tests check that none is asked for.
/// </summary>
[Trait("Category", "RealPackage")]
public sealed class RealPlatformPackageTests
{
    /// <summary>Passes requests on and keeps their URLs, so a test can tell that no tarball was fetched.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All })
    {
        public ConcurrentQueue<Uri> Requested { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requested.Enqueue(request.RequestUri!);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<(NpmPlatformSelection Selection, IReadOnlyCollection<Uri> Requested)> SelectAsync(string spec, string platform)
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("telltale-tests/1.0");
        var client = new NpmRegistryClient(http, NpmRegistryConfig.Load());

        var selection = await client.SelectPlatformPackagesAsync(NpmPackageSpec.Parse(spec), NpmPlatform.Parse(platform)!);

        return (selection, handler.Requested);
    }

    public sealed class ClaudeCode2_1_197
    {
        [Theory]
        [InlineData("linux-x64", "@anthropic-ai/claude-code-linux-x64")]
        [InlineData("linux-x64-musl", "@anthropic-ai/claude-code-linux-x64-musl")]
        [InlineData("darwin-arm64", "@anthropic-ai/claude-code-darwin-arm64")]
        public async Task Resolves_to_the_platform_package_npm_would_install_without_downloading_it(string platform, string expected)
        {
            var (selection, requested) = await SelectAsync("npm:@anthropic-ai/claude-code@2.1.197", platform);

            var package = Assert.Single(selection.Selected);
            Assert.Equal((expected, "2.1.197"), (package.Name, package.Version));
            Assert.Contains(selection.Available, p => p.Name == "@anthropic-ai/claude-code-win32-x64");
            Assert.DoesNotContain(requested, u => u.AbsolutePath.EndsWith(".tgz", StringComparison.Ordinal));
        }
    }

    public sealed class Codex0_169_0
    {
        [Fact]
        public async Task Follows_its_npm_aliases_to_versions_of_the_same_package()
        {
            var (selection, requested) = await SelectAsync("npm:@openai/codex@0.169.0", "linux-x64-musl");

            var package = Assert.Single(selection.Selected);
            Assert.Equal(("@openai/codex-linux-x64", "@openai/codex", "0.169.0-linux-x64"), (package.Alias, package.Name, package.Version));
            Assert.DoesNotContain(requested, u => u.AbsolutePath.EndsWith(".tgz", StringComparison.Ordinal));
        }
    }
}
