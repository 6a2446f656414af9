using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Telltale.Tests.Artifacts.Native;

/// <summary>
/// Runs the real pkg (yao-pkg/pkg from npm) so its own producer writes the payload, the prelude and the
/// placeholders. pkg normally downloads a patched Node from GitHub, which the tests cannot reach; with
/// <c>PKG_NODE_PATH</c> it takes a local base binary instead and skips the hash check. A plain
/// <c>node</c> cannot serve, because it lacks the placeholders the producer must overwrite, so the base is
/// a shell script that holds those placeholder strings and forwards to this machine's node, which pkg's
/// fabricator runs to compile the V8 bytecode. The result is a real pkg layout on a base that does not
/// run the application; it is cached under the telltale cache folder like <see cref="NodeSeaBuilder"/>'s.
/// </summary>
internal static class PkgToolBuilder
{
    /// <summary>The version the tests were written against; its producer matches lib/producer.ts of yao-pkg 6.</summary>
    public const string PkgVersion = "6.14.2";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>
    /// Packs <paramref name="files"/> (relative path → text; must include <c>package.json</c> with a
    /// <c>bin</c>) with <c>pkg . --target node&lt;major&gt;-linux-&lt;arch&gt;</c> and
    /// <paramref name="arguments"/>, returning the executable's path.
    /// </summary>
    public static string Build(IReadOnlyDictionary<string, string> files, params string[] arguments)
    {
        var node = NodeSeaBuilder.NodeBinary();
        var version = NodeSeaBuilder.Run(node, ["--version"], Directory.GetCurrentDirectory()).Trim();
        var key = Hash(version, files, arguments);
        var folder = Path.Combine(NodeSeaBuilder.CacheRoot, "pkg", key);
        var output = Path.Combine(folder, "app");
        if (File.Exists(output))
        {
            return output;
        }

        Gate.Wait();
        try
        {
            if (File.Exists(output))
            {
                return output;
            }

            const string Bin = "node_modules/@yao-pkg/pkg/lib-es5/bin.js";
            var pkg = Path.Combine(NodeSeaBuilder.InstallTool(node, $"yao-pkg-{PkgVersion}", $"@yao-pkg/pkg@{PkgVersion}", Bin), Bin);
            var work = Path.Combine(NodeSeaBuilder.CacheRoot, "pkg", $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            var app = Path.Combine(work, "src");
            Directory.CreateDirectory(app);
            foreach (var (name, text) in files)
            {
                var path = Path.Combine(app, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }

            var baseBinary = Path.Combine(work, "base.sh");
            File.WriteAllText(baseBinary, StandInBase(node));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(baseBinary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var major = version.TrimStart('v').Split('.')[0];
            var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64";
            NodeSeaBuilder.Run(
                node,
                [pkg, ".", "--target", $"node{major}-linux-{arch}", "--output", Path.Combine(work, "app"), .. arguments],
                app,
                new Dictionary<string, string> { ["PKG_NODE_PATH"] = baseBinary, ["PKG_CACHE_PATH"] = Path.Combine(work, "pkg-cache") });

            NodeSeaBuilder.CommitFolder(work, folder);

            return output;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The placeholders as pkg-fetch's patch puts them in Node (the BAKERY array in node.cc, the four
    /// numbers in the pkg bootstrap), behind a line that hands the fabricator's <c>-e</c> to real node.
    /// </summary>
    private static string StandInBase(string node) =>
        "#!/bin/sh\n"
        + $"exec '{node}' \"$@\"\n"
        + "# \0" + string.Concat(Enumerable.Repeat("// BAKERY ", 20)) + "\n"
        + "# // PAYLOAD_POSITION // // PAYLOAD_SIZE // // PRELUDE_POSITION // // PRELUDE_SIZE //\n";

    private static string Hash(string version, IReadOnlyDictionary<string, string> files, string[] arguments)
    {
        var text = new StringBuilder().Append("v1\n").Append(PkgVersion).Append('\n').Append(version).Append('\n');
        text.AppendJoin(' ', arguments).Append('\n');
        foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('\n').Append(content.Length).Append('\n').Append(content).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24];
    }
}
