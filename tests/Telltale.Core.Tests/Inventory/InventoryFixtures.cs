using System.Text.Json;
using Telltale.Tests.Artifacts.Native;

namespace Telltale.Tests.Inventory;

/// <summary>
/// The tree the inventory tests read: every kind of global prefix holding the agents of the policy examples
/// (<c>@anthropic-ai/claude-code</c> 2.1.91 and 2.1.198, <c>@qoder-ai/qodercli</c>), agent executables, editor
/// extensions and a JetBrains plugin, in three homes and the system folders.
/// </summary>
internal static class InventoryFixtures
{
    public const string Claude = "@anthropic-ai/claude-code";
    public const string Qoder = "@qoder-ai/qodercli";

    public const string AliceNvm = "/home/alice/.nvm/versions/node/v20.11.0/lib/node_modules";
    public const string AliceVolta = "/home/alice/.volta/tools/image/packages/@anthropic-ai/claude-code/lib/node_modules";
    public const string BobPnpmStore = "/home/bob/.local/share/pnpm/global/5/node_modules/.pnpm/@qoder-ai+qodercli@1.1.52/node_modules";
    public const string BobPnpm = "/home/bob/.local/share/pnpm/global/5/node_modules";
    public const string BobBun = "/home/bob/.bun/install/global/node_modules";
    public const string RootFnm = "/root/.local/share/fnm/node-versions/v22.12.0/installation/lib/node_modules";
    public const string CarolAsdf = "/home/carol/.asdf/installs/nodejs/18.19.0/lib/node_modules";
    public const string CarolMise = "/home/carol/.local/share/mise/installs/node/22.1.0/lib/node_modules";
    public const string SystemNpm = "/usr/local/lib/node_modules";

    /// <summary>Writes every ordinary (not hostile) item into <paramref name="machine"/>.</summary>
    public static FakeMachine WithAgents(this FakeMachine machine)
    {
        machine
            .Package(AliceNvm, Claude, "2.1.91")
            .Package(AliceNvm, "npm", "10.2.4")
            .Package(AliceVolta, Claude, "2.1.198")
            .Package(BobPnpmStore, Qoder, "1.1.52")
            .Link($"{BobPnpm}/{Qoder}", "../.pnpm/@qoder-ai+qodercli@1.1.52/node_modules/@qoder-ai/qodercli")
            .Package(BobBun, Claude, "2.1.198")
            .Package(RootFnm, Qoder, "1.1.52")
            .Package(CarolAsdf, Claude, "2.1.91")
            .Package(CarolMise, Qoder, "1.1.52")
            .Package(SystemNpm, Claude, "2.1.198")

            // npm's configured prefix: ~ is the home the .npmrc is in.
            .File("/home/carol/.npmrc", "; npm config\nprefix = ~/.npm-packages\n")
            .Package("/home/carol/.npm-packages/lib/node_modules", "left-pad", "1.3.0")

            // A bin link into a global package: the package is the row, not the link.
            .Link("/home/alice/.local/bin/claude-npm", $"{AliceNvm}/{Claude}/cli.js")

            // An ordinary program on PATH is not an agent and not a row.
            .File("/usr/local/bin/jq", System.IO.File.ReadAllBytes("/bin/true"))

            .Extension("/home/alice/.vscode/extensions", "anthropic", "claude-code", "2.0.1", platform: "linux-x64")
            .Extension("/home/bob/.cursor/extensions", "openai", "chatgpt", "0.4.12")

            // Folder name only: the manifest is gone, the folder still says what it was.
            .Folder("/home/bob/.cursor/extensions/continue.continue-1.2.3/out")

            .PluginJar("/home/alice/.local/share/JetBrains/IntelliJIdea2025.2/github-copilot-intellij/lib/core.jar",
                "<idea-plugin><id>com.github.copilot</id><name>GitHub Copilot</name><version>1.5.60</version></idea-plugin>")
            .File("/home/alice/.local/share/JetBrains/IntelliJIdea2025.2/github-copilot-intellij/lib/aaa-util.jar", [0x50, 0x4B, 0x05, 0x06, .. new byte[18]])
            .PluginJar("/home/alice/.local/share/JetBrains/PyCharm2025.1/qodana.jar",
                "<?xml version=\"1.0\"?>\n<idea-plugin url=\"https://example.test\">\n  <name>Qodana</name>\n  <version>2025.1.3</version>\n</idea-plugin>");

        // A Bun executable on PATH that embeds the package.json of the version it was built from.
        var graph = new BunGraphWriter()
            .Add(BunTestModule.Script("/$bunfs/root/cli.js", "console.log('agent');\n"))
            .Add(new BunTestModule("/$bunfs/root/package.json", System.Text.Encoding.Latin1.GetBytes(JsonSerializer.Serialize(new { name = Claude, version = "2.1.198" })), Loader: 5));
        machine.File("/home/alice/.local/bin/agent-tool", graph.AppendTo(System.IO.File.ReadAllBytes("/bin/true")));

        // Claude Code's native installer: a build per version, named by it, without a package.json inside (as the real ones).
        var native = new BunGraphWriter()
            .Add(BunTestModule.Script("/$bunfs/root/src/entrypoints/cli.js",
                "var M={ISSUES_EXPLAINER:\"x\",PACKAGE_URL:\"@anthropic-ai/claude-code\",README_URL:\"https://example.test\",VERSION:\"2.1.91\",BUILD_TIME:\"t\"};\n"));
        machine.File("/home/bob/.local/share/claude/versions/2.1.91", native.AppendTo(System.IO.File.ReadAllBytes("/bin/true")));
        machine.Link("/home/bob/.local/bin/claude", "/home/bob/.local/share/claude/versions/2.1.91");
        return machine;
    }
}
