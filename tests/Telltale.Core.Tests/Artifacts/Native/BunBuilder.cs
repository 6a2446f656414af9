using System.Security.Cryptography;
using System.Text;

namespace Telltale.Tests.Artifacts.Native;

/// <summary>
/// Builds real Bun single-file executables with <c>bun build --compile</c>. Bun is installed once from
/// npm under the telltale cache folder (<c>$TELLTALE_CACHE_DIR/tools</c>); each executable is cached
/// there by a hash of the Bun version, the options and the source, so only the first run pays.
/// </summary>
internal static class BunBuilder
{
    public const string BunVersion = "1.4.5";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The executable built from <paramref name="source"/> (one entry module named <paramref name="options"/>' file name).</summary>
    public static string Build(string source, BunBuildOptions? options = null)
    {
        options ??= new BunBuildOptions();
        // Assets join the key only when there are some, so the executables cached before they existed stay valid.
        var assets = string.Concat(options.Assets.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"\nasset {a.Key.Length}:{a.Key}{a.Value.Length}:{a.Value}"));
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"v1\n{BunVersion}\n{options.FileName}\n{options.Bytecode}\n{options.Minify}\n{source}{assets}")))[..24];
        var folder = Path.Combine(NodeSeaBuilder.CacheRoot, "bun-compiled", key);
        var executable = Path.Combine(folder, "app");
        if (File.Exists(executable))
        {
            return executable;
        }

        Gate.Wait();
        try
        {
            if (File.Exists(executable))
            {
                return executable;
            }

            var bun = BunBinary();
            var work = $"{folder}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            Directory.CreateDirectory(work);
            File.WriteAllText(Path.Combine(work, options.FileName), source);
            List<string> arguments = ["build", "--compile", options.FileName, "--outfile", "app"];
            foreach (var (name, content) in options.Assets)
            {
                // --asset embeds the file under its relative path: /$bunfs/root/NAME.
                File.WriteAllText(Path.Combine(work, name), content);
                arguments.AddRange(["--asset", name]);
            }

            if (options.Bytecode)
            {
                arguments.Add("--bytecode");
            }

            if (options.Minify)
            {
                arguments.Add("--minify");
            }

            NodeSeaBuilder.Run(bun, arguments, work, new Dictionary<string, string> { ["BUN_INSTALL_CACHE_DIR"] = Path.Combine(work, ".cache") });
            NodeSeaBuilder.CommitFolder(work, folder);

            return executable;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Bun's own binary from its npm platform package (installed without scripts, so it stays where npm put it).</summary>
    private static string BunBinary()
    {
        var node = NodeSeaBuilder.NodeBinary();
        var prefix = NodeSeaBuilder.InstallTool(node, $"bun-{BunVersion}", $"bun@{BunVersion}", "node_modules/bun/package.json");
        var platformPackages = Path.Combine(prefix, "node_modules", "@oven");
        var binary = Directory.Exists(platformPackages)
            ? Directory.EnumerateFiles(platformPackages, "bun", SearchOption.AllDirectories).FirstOrDefault(p => p.EndsWith("/bin/bun", StringComparison.Ordinal))
            : null;
        return binary ?? throw new InvalidOperationException($"npm installed bun@{BunVersion} but no @oven/bun-* platform binary is under {platformPackages}");
    }
}

/// <summary>How <see cref="BunBuilder"/> compiles.</summary>
internal sealed record BunBuildOptions
{
    public string FileName { get; init; } = "app.js";

    /// <summary><c>--bytecode</c>: ship JSC bytecode beside the source.</summary>
    public bool Bytecode { get; init; }

    public bool Minify { get; init; }

    /// <summary>Files embedded beside the code with <c>--asset</c> (name in the build folder → text), e.g. a <c>package.json</c>.</summary>
    public IReadOnlyDictionary<string, string> Assets { get; init; } = new Dictionary<string, string>();
}
