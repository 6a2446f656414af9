using System.Text.Json.Nodes;

namespace Telltale.Tests.JavaScript.Bundling;

/// <summary>
/// Runs the real esbuild and webpack, pinned by <c>tools/bundler/package-lock.json</c>, so the tests see what a
/// production build for node does to a package (module wrappers, module tables, renaming, inlining, tree shaking)
/// rather than a hand-made imitation of it. The bundlers are installed once per machine and run as a
/// <see cref="PinnedNodeTool"/>, and every bundle is cached by a hash of everything that decides it, so only the
/// first run pays for node.
/// </summary>
internal static class JavaScriptBundler
{
    public const string EsbuildVersion = "0.28.2";

    public const string WebpackVersion = "5.113.0";

    /// <summary>The folder under the telltale cache that bundles are kept in.</summary>
    private const string CacheFolder = "bundled";

    public static readonly IReadOnlyList<BundleTarget> Targets = Enum.GetValues<BundleTarget>();

    /// <summary>
    /// Installed from <c>package.json</c>, <c>package-lock.json</c> and run by the driver <c>bundle.js</c>, copied
    /// from <c>tools/bundler</c> next to the test assembly by the project file.
    /// </summary>
    private static readonly PinnedNodeTool Tool = new(
        $"esbuild {EsbuildVersion} and webpack {WebpackVersion}",
        Path.Combine(AppContext.BaseDirectory, "JavaScript", "Bundling", "Tool"),
        $"esbuild-{EsbuildVersion}-webpack-{WebpackVersion}",
        new Dictionary<string, string> { ["esbuild"] = EsbuildVersion, ["webpack"] = WebpackVersion });

    /// <summary>Whether <paramref name="target"/>'s output is an ES module rather than a CommonJS script.</summary>
    public static bool IsModule(BundleTarget target) => target == BundleTarget.EsbuildModule;

    /// <summary>
    /// The one-file production bundle for node of the package made of <paramref name="files"/> (relative path →
    /// text), entered at <paramref name="entry"/>. Bare-name imports (npm dependencies) stay external requires or
    /// imports; the package's own files are all inlined.
    /// </summary>
    public static string Bundle(IReadOnlyDictionary<string, string> files, string entry, BundleTarget target)
    {
        var (bundler, format) = Bundler(target);
        var (request, key) = Request(files, entry, target);
        return PinnedNodeTool.Cached(CacheFolder, key, Extension(target), () =>
        {
            var bundle = Tool.RunDriver("bundle.js", request, TimeSpan.FromMinutes(5));
            return bundle.Length > 0
                ? bundle
                : throw new InvalidOperationException($"{bundler} ({format}) wrote no output for the package entered at {entry}");
        });
    }

    /// <summary>Where <see cref="Bundle"/> caches this bundle, so a failure message can name a file a reader can open.</summary>
    public static string CachedPath(IReadOnlyDictionary<string, string> files, string entry, BundleTarget target) =>
        PinnedNodeTool.CachePath(CacheFolder, Request(files, entry, target).Key, Extension(target));

    private static string Extension(BundleTarget target) => IsModule(target) ? ".mjs" : ".js";

    private static (string Bundler, string Format) Bundler(BundleTarget target) => target switch
    {
        BundleTarget.EsbuildCommonJs => ("esbuild", "cjs"),
        BundleTarget.EsbuildModule => ("esbuild", "esm"),
        BundleTarget.Webpack => ("webpack", "cjs"),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown bundle target"),
    };

    /// <summary>The driver's request and the cache key: a hash of the request, the lock file and the driver.</summary>
    private static (string Request, string Key) Request(IReadOnlyDictionary<string, string> files, string entry, BundleTarget target)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (!files.ContainsKey(entry))
        {
            throw new ArgumentException($"the entry {entry} is not one of the package's files ({string.Join(", ", files.Keys)})", nameof(entry));
        }

        var (bundler, format) = Bundler(target);

        // Files in ordinal order, so the same package always makes the same request and so the same cache key.
        var fileObject = new JsonObject();
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            fileObject[path] = text;
        }

        var request = new JsonObject { ["files"] = fileObject, ["entry"] = entry, ["bundler"] = bundler, ["format"] = format }.ToJsonString();
        return (request, PinnedNodeTool.Hash($"v1\n{Tool.SourceText("package-lock.json")}\n{Tool.SourceText("bundle.js")}\n{request}"));
    }
}
