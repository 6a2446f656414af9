using Telltale.Cli;
using Telltale.Inventory;
using Telltale.Tests.Inventory;

namespace Telltale.Tests.Commands;

/// <summary><c>telltale inventory --root TREE</c> over a fake machine: every format, hostile names, bad usage.</summary>
[Collection("Console")]
public sealed class InventoryCommandTests : IDisposable
{
    private readonly FakeMachine _machine = new FakeMachine().WithAgents();

    public void Dispose() => _machine.Dispose();

    [Fact]
    public async Task Writes_a_json_inventory_with_every_agent_found_under_the_root()
    {
        var output = Path.Combine(_machine.Outside, "inventory.json");

        var (code, error) = await CliHarness.RunAsync("inventory", "--root", _machine.Root, "--format", "json", "-o", output);

        Assert.True(code == ExitCodes.Clean, error);
        var inventory = InventoryJsonReader.Read(File.ReadAllText(output));
        Assert.Equal(Path.GetFullPath(_machine.Root), inventory.Root);
        Assert.Null(inventory.Host);
        var claude = inventory.Items.Where(i => i.Kind == InventoryItemKind.NpmGlobal && i.Name == InventoryFixtures.Claude)
            .Select(i => $"{i.Version} {i.Source} {i.User}").Order(StringComparer.Ordinal);
        Assert.Equal(["2.1.198 bun bob", "2.1.198 npm ", "2.1.198 volta alice", "2.1.91 asdf node 18.19.0 carol", "2.1.91 nvm node 20.11.0 alice"], claude);
        Assert.Equal(3, inventory.Items.Count(i => i.Name == InventoryFixtures.Qoder && i.Version == "1.1.52"));
        var native = Assert.Single(inventory.Items, i => i.Name == "agent-tool");
        Assert.Equal((InventoryFixtures.Claude, "2.1.198", "bun"), (native.EmbeddedPackage, native.EmbeddedVersion, native.Format));
        Assert.Contains(inventory.Items, i => i.Name == "anthropic.claude-code" && i.Source == "VS Code");
        Assert.Contains(inventory.Items, i => i.Name == "openai.chatgpt" && i.Source == "Cursor");
        Assert.Contains(inventory.Items, i => i.Name == "com.github.copilot" && i.Source == "IntelliJ IDEA 2025.2");
    }

    [Fact]
    public async Task Shows_names_from_disk_as_escapes_on_the_terminal()
    {
        _machine.File("/home/mallory/.bun/install/global/node_modules/\u001b]0;pwned\u0007x/package.json", "{\"version\": \"1.0.0\\u001b[31m\"}");

        var (code, output, error) = await CliHarness.RunWithOutputAsync("inventory", "--root", _machine.Root);

        Assert.True(code == ExitCodes.Clean, error);
        Assert.Contains("Global npm packages", output, StringComparison.Ordinal);
        Assert.Contains("@anthropic-ai/claude-code", output, StringComparison.Ordinal);
        Assert.Contains("\\u{001B}]0;pwned\\u{0007}x", output, StringComparison.Ordinal);
        Assert.Contains("1.0.0\\u{001B}[31m", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b]0;", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[31m", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0007', output);
    }

    [Fact]
    public async Task Writes_markdown()
    {
        var output = Path.Combine(_machine.Outside, "inventory.md");

        var (code, error) = await CliHarness.RunAsync("inventory", "--root", _machine.Root, "--format", "markdown", "-o", output);

        Assert.True(code == ExitCodes.Clean, error);
        var markdown = File.ReadAllText(output);
        Assert.Contains("## Agent executables (2)", markdown, StringComparison.Ordinal);
        Assert.Contains("| `@anthropic-ai/claude-code` | `2.1.91` | `nvm node 20.11.0` | `alice` |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_root_that_is_not_a_directory()
    {
        var (code, error) = await CliHarness.RunAsync("inventory", "--root", Path.Combine(_machine.Outside, "missing"));

        Assert.Equal(ExitCodes.UsageOrInput, code);
        Assert.Contains("no such directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asks_for_root_before_reading_every_home_of_this_machine()
    {
        var output = Path.Combine(_machine.Outside, "all.json");

        var (code, error) = await CliHarness.RunAsync("inventory", "--all-users", "--format", "json", "-o", output);

        if (Environment.IsPrivilegedProcess)
        {
            Assert.True(code == ExitCodes.Clean, error);
            Assert.Equal("/", InventoryJsonReader.Read(File.ReadAllText(output)).Root);
        }
        else
        {
            Assert.Equal(ExitCodes.UsageOrInput, code);
            Assert.Equal("telltale: --all-users reads every home on this machine and needs root (run it with sudo); without it only your own home is read\n", error.ReplaceLineEndings("\n"));
        }
    }
}
