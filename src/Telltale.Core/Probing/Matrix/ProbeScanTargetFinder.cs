using System.Text;
using Telltale.Artifacts;
using Telltale.Probing.Running;

namespace Telltale.Probing.Matrix;

/// <summary>
/// Reads a probe's command line for what the scanner can take: the script a JavaScript runtime runs (node, bun, deno,
/// tsx; their options skipped), as the package folder it belongs to (the nearest <c>package.json</c>, so every hidden
/// list of the package is seen), the package a package runner fetches (<c>npx -y pkg@1.2.3</c>, <c>npm exec -- pkg</c>:
/// <c>npm:pkg@1.2.3</c>, fetched by the scan outside the probe's namespace), or the program itself when it is a script
/// or a single-file executable carrying JavaScript. Reads the file system only: no scan, no network.
/// </summary>
public static class ProbeScanTargetFinder
{
    private static readonly Dictionary<string, Runtime> Runtimes = new(StringComparer.Ordinal)
    {
        ["node"] = Runtime.Node,
        ["nodejs"] = Runtime.Node,
        ["bun"] = new(["run"], ["-r", "--preload", "--cwd", "--env-file", "-c", "--config", "--tsconfig-override", "--conditions", "--main-fields", "-d", "--define", "-l", "--loader", "--port"], ["-e", "--eval", "-p", "--print"]),
        ["deno"] = new(["run", "serve"], ["-c", "--config", "--import-map", "--lock", "--cert", "--location", "--seed", "-L", "--log-level", "--env-file"], []),
        ["tsx"] = new(["watch"], ["--tsconfig", "-r", "--require", "--import", "--env-file", "-C", "--conditions"], ["-e", "--eval", "-p", "--print"]),
    };

    private static readonly HashSet<string> RunnerValueOptions = new(StringComparer.Ordinal) { "--registry", "--cache", "--userconfig", "--prefix", "-w", "--workspace", "--node-options", "--shell" };

    /// <summary>What to scan for <paramref name="program"/>, or why there is nothing.</summary>
    /// <param name="searchPath">The PATH a bare program name is looked up on.</param>
    /// <param name="baseDirectory">What relative paths in the command are relative to.</param>
    public static ProbeScanTarget Identify(ProbedProgram program, string? searchPath, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(program);
        var name = Path.GetFileName(program.FileName);
        var arguments = program.Arguments;
        var runner = (name, arguments) switch
        {
            ("npx" or "pnpx" or "bunx", _) => name,
            ("npm", ["exec" or "x", ..]) => $"npm {arguments[0]}",
            ("pnpm" or "yarn", ["dlx", ..]) => $"{name} dlx",
            ("bun", ["x", ..]) => "bun x",
            _ => null,
        };
        if (runner is not null)
        {
            return PackageRun(runner, name == runner ? arguments : arguments.Skip(1).ToList(), baseDirectory);
        }

        if (Runtimes.TryGetValue(name, out var runtime))
        {
            return RuntimeScript(name, runtime, arguments, baseDirectory);
        }

        var path = program.FileName.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(program.FileName, baseDirectory) : FindOnPath(program.FileName, searchPath);
        return path is null ? ProbeScanTarget.None($"{name} is not on PATH") : ProgramFile(name, path);
    }

    private static ProbeScanTarget RuntimeScript(string name, Runtime runtime, IReadOnlyList<string> arguments, string baseDirectory)
    {
        var index = arguments.Count > 0 && runtime.Subcommands.Contains(arguments[0]) ? 1 : 0;
        for (; index < arguments.Count; index++)
        {
            var argument = arguments[index];
            if (argument == "--")
            {
                index++;
                break;
            }

            if (argument.Length < 2 || argument[0] != '-')
            {
                break;
            }

            var option = argument.Split('=', 2)[0];
            if (runtime.EvalOptions.Contains(option))
            {
                return ProbeScanTarget.None($"{name} {option} runs code given on the command line, not a file");
            }

            if (!argument.Contains('=', StringComparison.Ordinal) && runtime.ValueOptions.Contains(option))
            {
                index++;
            }
        }

        if (index >= arguments.Count)
        {
            return ProbeScanTarget.None($"{name} is given no script");
        }

        var script = Path.GetFullPath(arguments[index], baseDirectory);
        if (Directory.Exists(script))
        {
            return Folder(script);
        }

        return File.Exists(script) ? PackageOf(RealPath(script), "script") : ProbeScanTarget.None($"{name}'s script {script} does not exist");
    }

    private static ProbeScanTarget PackageRun(string runner, IReadOnlyList<string> arguments, string baseDirectory)
    {
        string? package = null;
        var index = 0;
        for (; index < arguments.Count; index++)
        {
            var argument = arguments[index];
            if (argument == "--")
            {
                index++;
                break;
            }

            if (argument.StartsWith("--package=", StringComparison.Ordinal))
            {
                package ??= argument["--package=".Length..];
            }
            else if (argument is "-p" or "--package")
            {
                package ??= index + 1 < arguments.Count ? arguments[++index] : null;
            }
            else if (argument is "-c" or "--call")
            {
                if (package is null)
                {
                    return ProbeScanTarget.None($"{runner} {argument} runs a shell command, not a named package");
                }

                index++;
            }
            else if (argument.Length > 1 && argument[0] == '-')
            {
                index += RunnerValueOptions.Contains(argument) ? 1 : 0;
            }
            else
            {
                break;
            }
        }

        var spec = package ?? (index < arguments.Count ? arguments[index] : null);
        return spec is null ? ProbeScanTarget.None($"{runner} is given no package") : PackageSpec(runner, spec, baseDirectory);
    }

    private static ProbeScanTarget PackageSpec(string runner, string spec, string baseDirectory)
    {
        var local = spec.StartsWith("file:", StringComparison.Ordinal) ? spec["file:".Length..] : spec;
        if (local.StartsWith('.') || local.StartsWith('/'))
        {
            var path = Path.GetFullPath(local, baseDirectory);
            return Directory.Exists(path) ? Folder(path)
                : File.Exists(path) ? ProbeScanTarget.Of(path, $"{path}, the package {runner} runs")
                : ProbeScanTarget.None($"{runner}'s package {path} does not exist");
        }

        if (spec.Contains(':', StringComparison.Ordinal))
        {
            return ProbeScanTarget.None($"{runner}'s package {spec} is not a registry package (a URL or git spec)");
        }

        var target = NpmPackageSpec.Prefix + spec;
        try
        {
            _ = NpmPackageSpec.Parse(target);
        }
        catch (TargetException error)
        {
            return ProbeScanTarget.None($"{runner}'s package: {error.Message}");
        }

        return ProbeScanTarget.Of(target, $"{target}, the package {runner} runs");
    }

    /// <summary>The program itself: a script (by extension or a runtime's shebang) or an executable carrying an application.</summary>
    private static ProbeScanTarget ProgramFile(string name, string path)
    {
        if (!File.Exists(path))
        {
            return ProbeScanTarget.None($"{path} does not exist");
        }

        var real = RealPath(path);
        EntryKind kind;
        bool runtimeShebang;
        try
        {
            var length = new FileInfo(real).Length;
            if (length == 0 || length > Array.MaxLength)
            {
                return ProbeScanTarget.None($"{name} ({real}) is {length} bytes, nothing Telltale can scan");
            }

            // Mapped, not read: a 200 MB executable's payload readers look at its headers and last pages only.
            using var mapping = MappedFileMemory.Map(real, length);
            var content = mapping.Memory.Span;
            kind = EntryClassifier.Classify(Path.GetFileName(real), content);
            runtimeShebang = ShebangRuntime(content) is not null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return ProbeScanTarget.None($"cannot read {real}: {error.Message}");
        }

        return kind switch
        {
            EntryKind.Archive => ProbeScanTarget.Of(real, $"{real}, the program run (an executable carrying an application, or an archive)"),
            EntryKind.JavaScript => PackageOf(real, "program"),
            _ when runtimeShebang => PackageOf(real, "program"),
            _ => ProbeScanTarget.None($"{name} ({real}) is not a script, package or single-file executable Telltale can scan"),
        };
    }

    /// <summary>The nearest folder above the script with a package.json, so the whole package is scanned; the script alone in none.</summary>
    private static ProbeScanTarget PackageOf(string script, string role)
    {
        for (var folder = Path.GetDirectoryName(script); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "package.json")))
            {
                return ProbeScanTarget.Of(folder, $"package folder {folder} (the package of the {role} {script})");
            }
        }

        return ProbeScanTarget.Of(script, $"the {role} {script} (in no package)");
    }

    private static ProbeScanTarget Folder(string folder) => File.Exists(Path.Combine(folder, "package.json"))
        ? ProbeScanTarget.Of(folder, $"package folder {folder}")
        : ProbeScanTarget.Of(folder, $"folder {folder}");

    private static string RealPath(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static string? FindOnPath(string name, string? searchPath)
    {
        foreach (var folder in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The runtime a <c>#!</c> line names (<c>#!/usr/bin/env -S bun</c>, <c>#!/usr/local/bin/deno run</c>), or null.</summary>
    private static string? ShebangRuntime(ReadOnlySpan<byte> content)
    {
        if (!content.StartsWith("#!"u8))
        {
            return null;
        }

        var line = content[2..Math.Min(content.Length, 258)];
        var end = line.IndexOfAny((byte)'\n', (byte)'\r');
        var words = Encoding.UTF8.GetString(end >= 0 ? line[..end] : line).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var index = words.Length > 0 && words[0].EndsWith("/env", StringComparison.Ordinal) ? 1 : 0;
        while (index < words.Length && words[index].StartsWith('-'))
        {
            index++;
        }

        return index < words.Length && Runtimes.ContainsKey(Path.GetFileName(words[index])) ? Path.GetFileName(words[index]) : null;
    }

    /// <summary>How a runtime's command line names its script: subcommands before it, options that take the next word, options that run inline code.</summary>
    private sealed record Runtime(HashSet<string> Subcommands, HashSet<string> ValueOptions, HashSet<string> EvalOptions)
    {
        public static Runtime Node { get; } = new(
            [],
            ["-r", "--require", "--import", "--loader", "--experimental-loader", "-C", "--conditions", "--input-type", "--title", "--env-file", "--env-file-if-exists", "--watch-path", "--inspect-port"],
            ["-e", "--eval", "-p", "--print"]);
    }
}
