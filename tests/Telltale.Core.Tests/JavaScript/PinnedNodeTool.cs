using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Telltale.Artifacts;

namespace Telltale.Tests.JavaScript;

/// <summary>
/// An npm tool pinned by a <c>package-lock.json</c> under <c>tools/</c> and run by a node driver script, for the
/// tests that need what a real tool makes of a program (obfuscators, bundlers) rather than a hand-made imitation.
/// The tool is installed with <c>npm ci</c> once per machine under the telltale cache
/// (<c>$TELLTALE_CACHE_DIR/tools</c>), and outputs are cached there by a hash of everything that decides them, so
/// only the first run pays for node. Missing node or npm, or a failing npm, is an error rather than a skip: a
/// corpus that silently shrank would prove nothing.
/// </summary>
internal sealed class PinnedNodeTool
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string installName;
    private readonly IReadOnlyDictionary<string, string> pinnedVersions;

    /// <param name="description">Names the tool in error messages, e.g. <c>javascript-obfuscator 5.8.0</c>.</param>
    /// <param name="sources">
    /// The folder next to the test assembly that the project file copies the tool's <c>package.json</c>,
    /// <c>package-lock.json</c> and driver into.
    /// </param>
    /// <param name="installName">The tool's folder under <c>$TELLTALE_CACHE_DIR/tools</c>.</param>
    /// <param name="pinnedVersions">
    /// Package name → the version <c>npm ci</c> must have installed, so a lock file edited out of step with the
    /// code fails the install instead of testing a different tool than the one named.
    /// </param>
    public PinnedNodeTool(string description, string sources, string installName, IReadOnlyDictionary<string, string> pinnedVersions)
    {
        Description = description;
        Sources = sources;
        this.installName = installName;
        this.pinnedVersions = pinnedVersions;
    }

    public string Description { get; }

    public string Sources { get; }

    public static string CacheRoot => NpmRegistryClient.DefaultCacheDirectory();

    private string InstallFolder => Path.Combine(CacheRoot, "tools", installName);

    /// <summary>The text of one of the tool's files in <see cref="Sources"/>, for cache keys.</summary>
    public string SourceText(string fileName) => File.ReadAllText(Path.Combine(Sources, fileName));

    /// <summary>
    /// Runs <c>node &lt;driver&gt; &lt;install folder&gt;</c> with <paramref name="request"/> on standard input and
    /// returns its standard output, installing the tool first if this machine does not have it yet.
    /// </summary>
    public string RunDriver(string driverFileName, string request, TimeSpan timeout)
    {
        var node = NodeBinary(Description);
        var folder = Install(node);
        return Run(node, [Path.Combine(Sources, driverFileName), folder], request, Path.GetTempPath(), timeout);
    }

    /// <summary>
    /// The text cached as <c>&lt;cache&gt;/&lt;folder&gt;/&lt;key&gt;&lt;extension&gt;</c>, made by
    /// <paramref name="produce"/> and stored there when it is not cached yet.
    /// </summary>
    public static string Cached(string folder, string key, string extension, Func<string> produce)
    {
        ArgumentNullException.ThrowIfNull(produce);
        var output = CachePath(folder, key, extension);
        if (File.Exists(output))
        {
            return File.ReadAllText(output);
        }

        var text = produce();

        // Temp file and rename, so a reader never sees half an output; two tests writing the same key write the same text.
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temporary = $"{output}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, output, overwrite: true);
        return text;
    }

    /// <summary>Where <see cref="Cached"/> keeps the text for <paramref name="key"/>.</summary>
    public static string CachePath(string folder, string key, string extension) => Path.Combine(CacheRoot, folder, key + extension);

    /// <summary>The lower-case hexadecimal SHA-256 of <paramref name="text"/>'s UTF-8 bytes.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Runs <c>node --check</c> on <paramref name="source"/>; returns node's complaint, or null when it parses.</summary>
    public static string? SyntaxError(string source, bool module)
    {
        var node = NodeBinary("node --check");
        List<string> arguments = module ? ["--input-type=module", "--check", "-"] : ["--check", "-"];
        try
        {
            Run(node, arguments, source, Path.GetTempPath(), TimeSpan.FromMinutes(2));
            return null;
        }
        catch (InvalidOperationException failure)
        {
            return failure.Message;
        }
    }

    /// <summary>
    /// The pinned tool, installed once per machine. The in-process gate orders this process's threads; the lock
    /// file orders test processes (two test runs, two worktrees) sharing one cache. The marker holds the hash of
    /// the lock file it was installed from, so a changed pin reinstalls rather than running a stale tool.
    /// </summary>
    private string Install(string node)
    {
        var folder = InstallFolder;
        var marker = Path.Combine(folder, ".telltale-installed");
        var pin = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Sources, "package-lock.json"))));
        if (IsInstalled(marker, pin))
        {
            return folder;
        }

        gate.Wait();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            using var crossProcess = AcquireFileLock(folder + ".lock");
            if (IsInstalled(marker, pin))
            {
                return folder;
            }

            var npm = NpmBinary(node);
            var staging = $"{folder}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            Directory.CreateDirectory(staging);
            try
            {
                foreach (var file in new[] { "package.json", "package-lock.json" })
                {
                    File.Copy(Path.Combine(Sources, file), Path.Combine(staging, file));
                }

                // Scripts off: the pinned tools need none, and nothing from the registry runs at install time.
                Run(npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], null, staging, TimeSpan.FromMinutes(10));
                foreach (var (package, expected) in pinnedVersions)
                {
                    var installed = Path.Combine(staging, "node_modules", package, "package.json");
                    var version = File.Exists(installed)
                        ? JsonNode.Parse(File.ReadAllText(installed))?["version"]?.GetValue<string>()
                        : null;
                    if (version != expected)
                    {
                        throw new InvalidOperationException($"npm ci in {staging} installed {package} {version ?? "(nothing)"}, not {expected}");
                    }
                }

                File.WriteAllText(Path.Combine(staging, ".telltale-installed"), pin);
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                Directory.Move(staging, folder);
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }

            return folder;
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool IsInstalled(string marker, string pin) => File.Exists(marker) && File.ReadAllText(marker) == pin;

    /// <summary>
    /// An exclusive lock on <paramref name="path"/>, held until disposed. The operating system drops it when its
    /// holder dies, so a crashed run cannot leave the cache locked; the wait is only bounded so that a wedged
    /// holder ends in an error that names the lock instead of a hung test run.
    /// </summary>
    private FileStream AcquireFileLock(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(15))
            {
                Thread.Sleep(200);
            }
            catch (IOException error)
            {
                throw new InvalidOperationException($"another process has held {path} for 15 minutes while installing {Description}", error);
            }
        }
    }

    private static string NodeBinary(string neededFor) =>
        OnPath("node") ?? throw new InvalidOperationException(
            $"node is not on PATH: {neededFor} needs Node 18 or later (with npm) to be installed and run");

    /// <summary>npm from node's own installation first, so the two match, else the first on PATH.</summary>
    private string NpmBinary(string node)
    {
        var resolved = File.ResolveLinkTarget(node, returnFinalTarget: true)?.FullName ?? node;
        foreach (var directory in new[] { Path.GetDirectoryName(node), Path.GetDirectoryName(resolved) })
        {
            if (directory is not null && File.Exists(Path.Combine(directory, "npm")))
            {
                return Path.Combine(directory, "npm");
            }
        }

        return OnPath("npm") ?? throw new InvalidOperationException(
            $"npm is not on PATH (node is {node}): {Description} is installed with npm ci");
    }

    private static string? OnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs a tool with <paramref name="input"/> (UTF-8, no BOM) on standard input and returns its standard output.
    /// The timeout only turns a hang into an error; no result depends on it.
    /// </summary>
    private static string Run(string file, IReadOnlyList<string> arguments, string? input, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var command = $"{file} {string.Join(' ', arguments)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(input ?? string.Empty);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited without reading everything; its exit code and standard error say why.
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{command} did not finish in {timeout.TotalMinutes} minutes");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} exited with {process.ExitCode}:\n{error.Result}\n{output.Result}");
        }

        return output.Result;
    }
}
