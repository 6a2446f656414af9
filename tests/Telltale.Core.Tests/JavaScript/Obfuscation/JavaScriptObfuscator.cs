using System.Text.Json.Nodes;

namespace Telltale.Tests.JavaScript.Obfuscation;

/// <summary>
/// Runs the real javascript-obfuscator, pinned by <c>tools/obfuscator/package-lock.json</c>, so the tests see
/// what commodity obfuscation does to a program rather than a hand-made imitation of it. It is installed once
/// per machine and run as a <see cref="PinnedNodeTool"/>, and every output is cached by a hash of everything that
/// decides it, so only the first run pays for node.
/// </summary>
internal static class JavaScriptObfuscator
{
    public const string ToolVersion = "5.8.0";

    /// <summary>The library's own presets, weakest to strongest (in 5.8 <c>default</c> and <c>low-obfuscation</c> are the same options).</summary>
    public static readonly IReadOnlyList<string> Presets = ["default", "low-obfuscation", "medium-obfuscation", "high-obfuscation"];

    /// <summary>
    /// Installed from <c>package.json</c>, <c>package-lock.json</c> and run by the driver <c>obfuscate.js</c>, copied
    /// from <c>tools/obfuscator</c> next to the test assembly by the project file.
    /// </summary>
    private static readonly PinnedNodeTool Tool = new(
        $"javascript-obfuscator {ToolVersion}",
        Path.Combine(AppContext.BaseDirectory, "JavaScript", "Obfuscation", "Tool"),
        $"javascript-obfuscator-{ToolVersion}",
        new Dictionary<string, string> { ["javascript-obfuscator"] = ToolVersion });

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
        var key = PinnedNodeTool.Hash(
            $"v1\n{ToolVersion}\n{Tool.SourceText("package-lock.json")}\n{Tool.SourceText("obfuscate.js")}\n{options.ToJsonString()}\n{source}");
        return PinnedNodeTool.Cached("obfuscated", key, ".js", () =>
        {
            var obfuscated = Tool.RunDriver("obfuscate.js", request, TimeSpan.FromMinutes(5));
            return obfuscated.Length > 0
                ? obfuscated
                : throw new InvalidOperationException($"javascript-obfuscator {ToolVersion} ({preset}) wrote no output for a {source.Length}-character source");
        });
    }

    /// <summary>Runs <c>node --check</c> on <paramref name="source"/>; returns node's complaint, or null when it parses.</summary>
    public static string? SyntaxError(string source, bool module) => PinnedNodeTool.SyntaxError(source, module);
}
