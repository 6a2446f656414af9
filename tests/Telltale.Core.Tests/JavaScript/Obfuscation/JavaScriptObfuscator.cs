using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telltale.Artifacts;

namespace Telltale.Tests.JavaScript.Obfuscation;

/// <summary>
/// Runs the real javascript-obfuscator, pinned by <c>tools/obfuscator/package-lock.json</c>, so the tests see
/// what commodity obfuscation does to a program rather than a hand-made imitation of it. The tool is installed
/// with <c>npm ci</c> once per machine under the telltale cache (<c>$TELLTALE_CACHE_DIR/tools</c>), and every
/// output is cached there by a hash of everything that decides it, so only the first run pays for node.
/// Missing node or npm, or a failing npm, is an error rather than a skip: a corpus that silently shrank
/// would prove nothing.
/// </summary>
internal static class JavaScriptObfuscator
{
    public const string ToolVersion = "5.8.0";

    /// <summary>The library's own presets, weakest to strongest (in 5.8 <c>default</c> and <c>low-obfuscation</c> are the same options).</summary>
    public static readonly IReadOnlyList<string> Presets = ["default", "low-obfuscation", "medium-obfuscation", "high-obfuscation"];

    /// <summary>
    /// <c>package.json</c>, <c>package-lock.json</c> and the driver <c>obfuscate.js</c>, copied from
    /// <c>tools/obfuscator</c> next to the test assembly by the project file.
    /// </summary>
    private static readonly string ToolSources = Path.Combine(AppContext.BaseDirectory, "JavaScript", "Obfuscation", "Tool");

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static string CacheRoot => NpmRegistryClient.DefaultCacheDirectory();

    private static string InstallFolder => Path.Combine(CacheRoot, "tools", $"javascript-obfuscator-{ToolVersion}");

    /// <summary>
    /// <paramref name="source"/> obfuscated with <paramref name="preset"/>. The options that would make the output
    /// misbehave or depend on the run are pinned: a fixed seed (so the output, and so the cache, is deterministic),
    /// no self-defending or debug-protection wrappers, console left alone, and the node target the fixtures are for.
    /// </summary>
    public static string Obfuscate(string source, string preset, bool module = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!Presets.Contains(preset))
        {
            throw new ArgumentException($"unknown javascript-obfuscator preset '{preset}'; expected one of {string.Join(", ", Presets)}", nameof(preset));
        }

        var options = new JsonObject
        {
            ["optionsPreset"] = preset,
            ["seed"] = 1,
            ["selfDefending"] = false,
            ["debugProtection"] = false,
            ["disableConsoleOutput"] = false,
            ["target"] = "node",
        };
        if (module)
        {
            // 5.8 has no documented sourceType option (it parses as a script, then as a module); it accepts and
            // ignores this one, which is passed so that a version that does read it gets it.
            options["sourceType"] = "module";
        }

        var request = new JsonObject { ["code"] = source, ["options"] = options }.ToJsonString();
        var driver = Path.Combine(ToolSources, "obfuscate.js");
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"v1\n{ToolVersion}\n{File.ReadAllText(Path.Combine(ToolSources, "package-lock.json"))}\n{File.ReadAllText(driver)}\n{options.ToJsonString()}\n{source}")));
        var output = Path.Combine(CacheRoot, "obfuscated", key + ".js");
        if (File.Exists(output))
        {
            return File.ReadAllText(output);
        }

        var node = NodeBinary();
        var folder = Install(node);
        var obfuscated = Run(node, [driver, folder], request, Path.GetTempPath(), TimeSpan.FromMinutes(5));
        if (obfuscated.Length == 0)
        {
            throw new InvalidOperationException($"javascript-obfuscator {ToolVersion} ({preset}) wrote no output for a {source.Length}-character source");
        }

        // Temp file and rename, so a reader never sees half an output; two tests writing the same key write the same text.
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temporary = $"{output}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, obfuscated, new UTF8Encoding(false));
        File.Move(temporary, output, overwrite: true);

        return obfuscated;
    }

    /// <summary>Runs <c>node --check</c> on <paramref name="source"/>; returns node's complaint, or null when it parses.</summary>
    public static string? SyntaxError(string source, bool module)
    {
        var node = NodeBinary();
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
    private static string Install(string node)
    {
        var folder = InstallFolder;
        var marker = Path.Combine(folder, ".telltale-installed");
        var pin = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(ToolSources, "package-lock.json"))));
        if (IsInstalled(marker, pin))
        {
            return folder;
        }

        Gate.Wait();
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
                    File.Copy(Path.Combine(ToolSources, file), Path.Combine(staging, file));
                }

                // Scripts off: the obfuscator needs none, and nothing from the registry runs at install time.
                Run(npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], null, staging, TimeSpan.FromMinutes(10));
                var installed = Path.Combine(staging, "node_modules", "javascript-obfuscator", "package.json");
                var version = File.Exists(installed)
                    ? JsonNode.Parse(File.ReadAllText(installed))?["version"]?.GetValue<string>()
                    : null;
                if (version != ToolVersion)
                {
                    throw new InvalidOperationException($"npm ci in {staging} installed javascript-obfuscator {version ?? "(nothing)"}, not {ToolVersion}");
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
            Gate.Release();
        }
    }

    private static bool IsInstalled(string marker, string pin) => File.Exists(marker) && File.ReadAllText(marker) == pin;

    /// <summary>
    /// An exclusive lock on <paramref name="path"/>, held until disposed. The operating system drops it when its
    /// holder dies, so a crashed run cannot leave the cache locked; the wait is only bounded so that a wedged
    /// holder ends in an error that names the lock instead of a hung test run.
    /// </summary>
    private static FileStream AcquireFileLock(string path)
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
                throw new InvalidOperationException($"another process has held {path} for 15 minutes while installing javascript-obfuscator {ToolVersion}", error);
            }
        }
    }

    private static string NodeBinary() =>
        OnPath("node") ?? throw new InvalidOperationException(
            $"node is not on PATH: the obfuscated-fixture tests need Node 18 or later (with npm) to install and run javascript-obfuscator {ToolVersion}");

    /// <summary>npm from node's own installation first, so the two match, else the first on PATH.</summary>
    private static string NpmBinary(string node)
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
            $"npm is not on PATH (node is {node}): the obfuscated-fixture tests install javascript-obfuscator {ToolVersion} with npm ci");
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
