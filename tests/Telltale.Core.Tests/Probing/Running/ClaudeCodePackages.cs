using System.Diagnostics;
using Telltale.Artifacts;
using Telltale.Probing.Matrix;

namespace Telltale.Tests.Probing.Running;

/// <summary>
/// Real Claude Code releases for the probe tests (also linked into the gateway's tests): the tarball comes from the npm cache
/// (TELLTALE_CACHE_DIR in CI) and is unpacked with the system tar, once, beside it; and the matrix the issues name.
/// </summary>
internal static class ClaudeCodePackages
{
    /// <summary>The matrix the issue names: a listed domain, a lab keyword, both, and the time zone with and without a base URL.</summary>
    internal static ProbeMatrix IssueMatrix() => ProbeMatrixLoader.Parse("""
        repeats: 2
        variants:
          - name: defaults
            env: {}
          - name: tz only
            env: { TZ: Asia/Shanghai }
          - name: plain host
            env: { ANTHROPIC_BASE_URL: https://llm.example.com }
          - name: plain host + tz
            env: { ANTHROPIC_BASE_URL: https://llm.example.com, TZ: Asia/Shanghai }
          - name: listed domain
            env: { ANTHROPIC_BASE_URL: https://api.sankuai.com }
          - name: lab keyword
            env: { ANTHROPIC_BASE_URL: https://moonshot-gateway.example.com }
          - name: listed domain + keyword
            env: { ANTHROPIC_BASE_URL: https://deepseek.sankuai.com }
        """);

    internal static async Task<string> UnpackAsync(string spec)
    {
        // Unpacked once into the test cache beside the tarball, so runs leave nothing in the temp folder.
        var target = await new TargetResolver().ResolveAsync(spec, CancellationToken.None);
        var folder = Path.Combine(Path.Combine(NpmRegistryClient.DefaultCacheDirectory(), "tools"), "unpacked", target.Sha256);
        if (!Directory.Exists(folder))
        {
            var work = $"{folder}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            Directory.CreateDirectory(work);
            using var tar = Process.Start(new ProcessStartInfo("tar", ["-xzf", target.LocalPath, "-C", work]) { RedirectStandardError = true })!;
            var error = await tar.StandardError.ReadToEndAsync();
            await tar.WaitForExitAsync();
            Assert.True(tar.ExitCode == 0, error);
            try
            {
                Directory.Move(work, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another test unpacked it first.
                Directory.Delete(work, recursive: true);
            }
        }

        return Path.Combine(folder, "package");
    }

}
