using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Telltale.Artifacts;

namespace Telltale.Tests.Artifacts.Native;

/// <summary>
/// Builds real Node single executable applications with this machine's <c>node</c>, the way Node's
/// documentation does: <c>node --experimental-sea-config</c> writes the preparation blob, a copy of the
/// node binary gets it injected with postject. postject is installed once with npm under the telltale
/// cache folder (<c>$TELLTALE_CACHE_DIR/tools</c>), and every executable is cached there by a hash of the
/// node version and the inputs, so only the first run pays (about 100 MB and a few seconds each).
/// </summary>
internal static class NodeSeaBuilder
{
    /// <summary>The sentinel every Node binary carries once; postject flips it to say a blob is present.</summary>
    public const string SentinelFuse = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

    private const string PostjectVersion = "1.0.0-alpha.6";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string CacheRoot => Path.Combine(NpmRegistryClient.DefaultCacheDirectory(), "tools");

    /// <summary>The executable for a SEA whose main script is <paramref name="mainSource"/>.</summary>
    public static string Build(string mainSource) => Build(mainSource, new NodeSeaOptions()).ExecutablePath;

    /// <summary>The executable and its preparation blob, with assets and a code cache when asked.</summary>
    public static NodeSea Build(string mainSource, NodeSeaOptions options)
    {
        ArgumentNullException.ThrowIfNull(mainSource);
        ArgumentNullException.ThrowIfNull(options);
        var node = NodeBinary();
        var version = Run(node, ["--version"], Directory.GetCurrentDirectory()).Trim();
        var key = Hash(version, mainSource, options);
        var folder = Path.Combine(CacheRoot, "sea", key);
        var result = new NodeSea(Path.Combine(folder, "app"), Path.Combine(folder, "sea-prep.blob"), version);
        if (File.Exists(result.ExecutablePath) && File.Exists(result.BlobPath))
        {
            return result;
        }

        Gate.Wait();
        try
        {
            if (File.Exists(result.ExecutablePath) && File.Exists(result.BlobPath))
            {
                return result;
            }

            var postject = InstallPostject(node);
            var work = Path.Combine(CacheRoot, "sea", $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            Directory.CreateDirectory(work);
            File.WriteAllText(Path.Combine(work, options.MainName), mainSource);
            foreach (var (name, content) in options.Assets)
            {
                File.WriteAllText(Path.Combine(work, "asset-" + Path.GetFileName(name)), content);
            }

            var config = new Dictionary<string, object>
            {
                ["main"] = options.MainName,
                ["output"] = "sea-prep.blob",
                ["disableExperimentalSEAWarning"] = true,
                ["useCodeCache"] = options.UseCodeCache,
            };
            if (options.Assets.Count > 0)
            {
                config["assets"] = options.Assets.Keys.ToDictionary(k => k, k => "asset-" + Path.GetFileName(k));
            }

            File.WriteAllText(Path.Combine(work, "sea-config.json"), JsonSerializer.Serialize(config));
            Run(node, ["--experimental-sea-config", "sea-config.json"], work);

            var executable = Path.Combine(work, "app");
            File.Copy(node, executable);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(executable, File.GetUnixFileMode(executable) | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Run(node, [postject, "app", "NODE_SEA_BLOB", "sea-prep.blob", "--sentinel-fuse", SentinelFuse], work);

            CommitFolder(work, folder);

            return result;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs <paramref name="file"/> and returns its standard output; throws with standard error when it fails.</summary>
    public static string Run(string file, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {timeoutSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{error.Result}\n{output.Result}");
        }

        return output.Result;
    }

    /// <summary>The real file behind <c>node</c> on PATH (a symlink would be copied as a link otherwise).</summary>
    public static string NodeBinary()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "node");
            if (File.Exists(candidate))
            {
                return File.ResolveLinkTarget(candidate, returnFinalTarget: true)?.FullName ?? candidate;
            }
        }

        throw new InvalidOperationException("node is not on PATH; the SEA tests need Node 20 or later");
    }

    /// <summary>npm next to node (the same installation), else the first on PATH.</summary>
    public static string NpmBinary(string node)
    {
        var sibling = Path.Combine(Path.GetDirectoryName(node)!, "npm");
        if (File.Exists(sibling))
        {
            return sibling;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "npm");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("npm is not on PATH");
    }

    /// <summary>
    /// Makes a finished build folder the cache entry: the move is the commit, so a half-built folder never
    /// becomes one, and a build another test finished first wins.
    /// </summary>
    public static void CommitFolder(string work, string folder)
    {
        try
        {
            Directory.Move(work, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Installs an npm package once into <c>tools/&lt;folder&gt;</c> and returns that prefix.</summary>
    public static string InstallTool(string node, string folder, string packageSpec, string marker)
    {
        var prefix = Path.Combine(CacheRoot, folder);
        if (File.Exists(Path.Combine(prefix, marker)))
        {
            return prefix;
        }

        var staging = prefix + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(staging);
        Run(NpmBinary(node), ["install", "--prefix", staging, "--no-audit", "--no-fund", "--ignore-scripts", packageSpec], staging);
        CommitFolder(staging, prefix);

        return prefix;
    }

    private static string InstallPostject(string node)
    {
        const string Cli = "node_modules/postject/dist/cli.js";
        return Path.Combine(InstallTool(node, $"postject-{PostjectVersion}", $"postject@{PostjectVersion}", Cli), Cli);
    }

    private static string Hash(string version, string mainSource, NodeSeaOptions options)
    {
        var text = new StringBuilder()
            .Append("v1\n").Append(version).Append('\n')
            .Append(options.MainName).Append('\n')
            .Append(options.UseCodeCache).Append('\n');
        foreach (var (name, content) in options.Assets.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('\n').Append(content.Length).Append('\n').Append(content).Append('\n');
        }

        text.Append(mainSource);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24];
    }
}

/// <summary>What goes into a SEA besides its main script.</summary>
internal sealed record NodeSeaOptions
{
    public string MainName { get; init; } = "app.js";

    public bool UseCodeCache { get; init; }

    /// <summary>Asset key → text content.</summary>
    public IReadOnlyDictionary<string, string> Assets { get; init; } = new Dictionary<string, string>();
}

/// <summary>A built SEA: the executable, the blob injected into it, and the node version that built it.</summary>
internal sealed record NodeSea(string ExecutablePath, string BlobPath, string NodeVersion);
