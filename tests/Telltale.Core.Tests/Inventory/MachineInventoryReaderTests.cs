using Telltale.Inventory;
using Telltale.Policy;

namespace Telltale.Tests.Inventory;

/// <summary><see cref="MachineInventoryReader"/> over a tree built in the test: what it finds, and that hostile trees only make problem lines.</summary>
public sealed class MachineInventoryReaderTests : IDisposable
{
    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    private MachineInventory Read() => MachineInventoryReader.Read(new MachineInventoryOptions { Root = _machine.Root });

    private static InventoryItem Single(MachineInventory inventory, InventoryItemKind kind, string name, string path) =>
        Assert.Single(inventory.Items, i => i.Kind == kind && i.Name == name && i.Path == path);

    [Fact]
    public void Finds_global_packages_under_every_manager_with_version_source_and_user()
    {
        var inventory = Read_with_agents();

        (string Prefix, string Name, string Version, string Source, string? User)[] expected =
        [
            (InventoryFixtures.AliceNvm, InventoryFixtures.Claude, "2.1.91", "nvm node 20.11.0", "alice"),
            (InventoryFixtures.AliceNvm, "npm", "10.2.4", "nvm node 20.11.0", "alice"),
            (InventoryFixtures.AliceVolta, InventoryFixtures.Claude, "2.1.198", "volta", "alice"),
            (InventoryFixtures.BobPnpm, InventoryFixtures.Qoder, "1.1.52", "pnpm", "bob"),
            (InventoryFixtures.BobBun, InventoryFixtures.Claude, "2.1.198", "bun", "bob"),
            (InventoryFixtures.RootFnm, InventoryFixtures.Qoder, "1.1.52", "fnm node 22.12.0", "root"),
            (InventoryFixtures.CarolAsdf, InventoryFixtures.Claude, "2.1.91", "asdf node 18.19.0", "carol"),
            (InventoryFixtures.CarolMise, InventoryFixtures.Qoder, "1.1.52", "mise node 22.1.0", "carol"),
            (InventoryFixtures.SystemNpm, InventoryFixtures.Claude, "2.1.198", "npm", null),
            ("/home/carol/.npm-packages/lib/node_modules", "left-pad", "1.3.0", "npm", "carol"),
        ];
        foreach (var (prefix, name, version, source, user) in expected)
        {
            var item = Single(inventory, InventoryItemKind.NpmGlobal, name, $"{prefix}/{name}");
            Assert.Equal((PolicyEcosystems.Npm, version, source, user), (item.Ecosystem, item.Version, item.Source, item.User));
        }

        // pnpm's store behind the link is not a second global install.
        Assert.Equal(expected.Length, inventory.Items.Count(i => i.Kind == InventoryItemKind.NpmGlobal));
        Assert.Equal(["/home/bob/.cursor/extensions/continue.continue-1.2.3: no package.json: named from the folder"], inventory.Problems);
    }

    [Fact]
    public void Names_single_file_executables_by_the_package_they_embed_and_skips_links_into_packages()
    {
        var inventory = Read_with_agents();
        var natives = inventory.Items.Where(i => i.Kind == InventoryItemKind.NativeExecutable).ToList();

        var bun = Single(inventory, InventoryItemKind.NativeExecutable, "agent-tool", "/home/alice/.local/bin/agent-tool");
        Assert.Equal((InventoryFixtures.Claude, "2.1.198", "bun", "2.1.198", "PATH", "alice"), (bun.EmbeddedPackage, bun.EmbeddedVersion, bun.Format, bun.Version, bun.Source, bun.User));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_machine.Host(bun.Path)))), bun.Sha256);

        // The installer's build, reached again through ~/.local/bin/claude, is one row named as the installer names it.
        var claude = Single(inventory, InventoryItemKind.NativeExecutable, "claude", "/home/bob/.local/share/claude/versions/2.1.91");
        Assert.Equal((InventoryFixtures.Claude, "2.1.91", "2.1.91", "claude native installer"), (claude.EmbeddedPackage, claude.EmbeddedVersion, claude.Version, claude.Source));

        Assert.Equal(2, natives.Count);
        Assert.DoesNotContain(natives, n => n.Name is "jq" or "claude-npm");
    }

    [Fact]
    public void Reads_editor_extensions_from_the_manifest_or_the_folder_name()
    {
        var inventory = Read_with_agents();

        var vscode = Single(inventory, InventoryItemKind.EditorExtension, "anthropic.claude-code", "/home/alice/.vscode/extensions/anthropic.claude-code-2.0.1-linux-x64");
        Assert.Equal((PolicyEcosystems.VSCode, "2.0.1", "VS Code", "alice"), (vscode.Ecosystem, vscode.Version, vscode.Source, vscode.User));
        var cursor = Single(inventory, InventoryItemKind.EditorExtension, "openai.chatgpt", "/home/bob/.cursor/extensions/openai.chatgpt-0.4.12");
        Assert.Equal(("0.4.12", "Cursor"), (cursor.Version, cursor.Source));
        var fromFolder = Single(inventory, InventoryItemKind.EditorExtension, "continue.continue", "/home/bob/.cursor/extensions/continue.continue-1.2.3");
        Assert.Equal("1.2.3", fromFolder.Version);
    }

    [Fact]
    public void Reads_jetbrains_plugins_from_plugin_xml_in_a_plugin_folder_or_a_single_jar()
    {
        var inventory = Read_with_agents();

        var copilot = Single(inventory, InventoryItemKind.JetBrainsPlugin, "com.github.copilot", "/home/alice/.local/share/JetBrains/IntelliJIdea2025.2/github-copilot-intellij");
        Assert.Equal((PolicyEcosystems.JetBrains, "1.5.60", "IntelliJ IDEA 2025.2", "alice"), (copilot.Ecosystem, copilot.Version, copilot.Source, copilot.User));

        // No <id>: the IDE knows it by its <name>.
        var qodana = Single(inventory, InventoryItemKind.JetBrainsPlugin, "Qodana", "/home/alice/.local/share/JetBrains/PyCharm2025.1/qodana.jar");
        Assert.Equal(("2025.1.3", "PyCharm 2025.1"), (qodana.Version, qodana.Source));
    }

    [Fact]
    public void Orders_rows_by_kind_name_version_and_path_the_same_way_every_run()
    {
        var first = Read_with_agents();
        var second = Read();

        Assert.Equal(first.Items, second.Items);
        Assert.Equal(first.Items.OrderBy(i => i.Kind).ThenBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Version, StringComparer.Ordinal).ThenBy(i => i.Path, StringComparer.Ordinal), first.Items);
    }

    [Fact]
    public void Reads_every_home_of_a_tree_that_is_not_this_machine()
    {
        // A disk image has no current user: AllUsers or not, every home is read.
        _machine.WithAgents();
        var inventory = MachineInventoryReader.Read(new MachineInventoryOptions { Root = _machine.Root, AllUsers = false, CurrentUserHome = "/home/alice" });

        Assert.Equal(["alice", "bob", "carol", "root"], inventory.Items.Select(i => i.User).OfType<string>().Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reads_only_the_current_users_home_on_this_machine()
    {
        _machine.WithAgents();
        var inventory = MachineInventoryReader.Read(new MachineInventoryOptions
        {
            Root = "/",
            CurrentUserHome = _machine.Host("/home/alice"),
            CurrentUserName = "alice-here",
        });

        var mine = inventory.Items.Where(i => i.User is not null).ToList();
        Assert.All(mine, i => Assert.Equal("alice-here", i.User));
        var claude = Assert.Single(mine, i => i.Kind == InventoryItemKind.NpmGlobal && i.Source == "nvm node 20.11.0" && i.Name == InventoryFixtures.Claude);
        Assert.Equal(_machine.Host($"{InventoryFixtures.AliceNvm}/{InventoryFixtures.Claude}"), claude.Path);
        Assert.DoesNotContain(inventory.Items, i => i.Path.Contains("/home/bob/", StringComparison.Ordinal));
    }

    [Fact]
    public void Never_reads_outside_the_root_through_links()
    {
        _machine.WithAgents();
        Directory.CreateDirectory(Path.Combine(_machine.Outside, "secret"));
        File.WriteAllText(Path.Combine(_machine.Outside, "secret", "package.json"), """{"name":"secret","version":"6.6.6"}""");

        // Absolute: read as a path in the tree (where nothing is). Relative: climbs to the root and stops there.
        _machine
            .Link($"{InventoryFixtures.AliceNvm}/secret-absolute", Path.Combine(_machine.Outside, "secret"))
            .Link($"{InventoryFixtures.AliceNvm}/secret-relative", string.Concat(Enumerable.Repeat("../", 30)) + "outside/secret")
            .Link("/home/alice/.vscode/extensions/evil.escape-1.0.0", Path.Combine(_machine.Outside, "secret"))
            .Link("/home/dave", _machine.Outside);

        var inventory = Read();

        Assert.DoesNotContain(inventory.Items, i => i.Version == "6.6.6" || i.Name.Contains("secret", StringComparison.Ordinal) || i.Name.StartsWith("evil", StringComparison.Ordinal));
        Assert.DoesNotContain(inventory.Items, i => i.User == "dave");
    }

    [Fact]
    public void Turns_hostile_trees_into_problem_lines()
    {
        _machine.WithAgents();
        var nodeModules = "/home/mallory/.nvm/versions/node/v20.0.0/lib/node_modules";
        _machine
            .Link($"{nodeModules}/loop-a", "loop-b")
            .Link($"{nodeModules}/loop-b", "loop-a")
            .Link($"{nodeModules}/self/package.json", "../self")
            .Link("/home/mallory/.vscode/extensions", "/home/mallory/.vscode/extensions")
            .File($"{nodeModules}/broken/package.json", "{\"name\": \"broken\", \"version\": ")
            .File($"{nodeModules}/odd/package.json", "[\"not\", \"an\", \"object\"]")
            .File($"{nodeModules}/typed/package.json", "{\"name\": 7, \"version\": {\"major\": 1}}")
            .File($"{nodeModules}/claims/package.json", "{\"name\": \"@anthropic-ai/claude-code\", \"version\": \"9.9.9\"}")
            .File($"{nodeModules}/\u001b]0;pwned\u0007evil\u001b[2J/package.json", "{\"name\": \"\\u001b]0;pwned\\u0007evil\\u001b[2J\", \"version\": \"1.0.0\\u202e\"}")
            .File("/home/mallory/.bun/install/global/node_modules", "not a folder")
            .PluginJar("/home/mallory/.local/share/JetBrains/GoLand2025.2/bomb/lib/x.jar", "<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><idea-plugin><id>&b;</id></idea-plugin>")
            .File("/home/mallory/.local/share/JetBrains/GoLand2025.2/garbage.jar", new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 })
            .Unreadable("/home/mallory/.local/share/pnpm/global/5/node_modules");
        var huge = _machine.Host($"{nodeModules}/huge/package.json");
        Directory.CreateDirectory(Path.GetDirectoryName(huge)!);
        using (var stream = File.Create(huge))
        {
            // 50 MB of garbage; never read past the size check.
            stream.SetLength(50L * 1024 * 1024);
            stream.Write("\u0000garbage"u8);
        }

        var inventory = Read();

        HasProblem(inventory, p => p.Contains("loop-a", StringComparison.Ordinal) && p.Contains("symbolic links", StringComparison.Ordinal));
        HasProblem(inventory, p => p.StartsWith($"{nodeModules}/huge/package.json: is 52428800 bytes", StringComparison.Ordinal));
        HasProblem(inventory, p => p.StartsWith($"{nodeModules}/broken/package.json: package.json is not valid JSON", StringComparison.Ordinal));
        HasProblem(inventory, p => p.StartsWith($"{nodeModules}/odd/package.json: package.json is a JSON array", StringComparison.Ordinal));
        HasProblem(inventory, p => p.StartsWith($"{nodeModules}/claims/package.json: installed as claims but its package.json names @anthropic-ai/claude-code", StringComparison.Ordinal));
        HasProblem(inventory, p => p.StartsWith("/home/mallory/.bun/install/global/node_modules: is a file", StringComparison.Ordinal));
        HasProblem(inventory, p => p.Contains("bomb/lib/x.jar", StringComparison.Ordinal) && p.Contains("not well-formed", StringComparison.Ordinal));
        HasProblem(inventory, p => p.StartsWith("/home/mallory/.local/share/JetBrains/GoLand2025.2/garbage.jar: cannot read the jar", StringComparison.Ordinal));
        if (!Environment.IsPrivilegedProcess)
        {
            HasProblem(inventory, p => p.StartsWith("/home/mallory/.local/share/pnpm/global/5/node_modules: cannot list", StringComparison.Ordinal));
        }

        // Rows stay, with what could be read: the folder's name, no version.
        foreach (var name in new[] { "huge", "broken", "odd", "typed" })
        {
            var row = Assert.Single(inventory.Items, i => i.Name == name);
            Assert.Null(row.Version);
        }

        Assert.Equal("9.9.9", Assert.Single(inventory.Items, i => i.Name == "claims").Version);
        Assert.Equal("1.0.0\u202e", Assert.Single(inventory.Items, i => i.Name.EndsWith("evil\u001b[2J", StringComparison.Ordinal)).Version);
        Assert.Contains(inventory.Items, i => i.Kind == InventoryItemKind.JetBrainsPlugin && i.Name == "bomb" && i.Version is null);

        // And everything that was fine is still there.
        Assert.Contains(inventory.Items, i => i.Name == InventoryFixtures.Claude && i.Source == "volta");
    }

    [Fact]
    public void Does_not_open_fifos_or_devices_named_like_manifests()
    {
        _machine.WithAgents();
        var fifo = _machine.Host($"{InventoryFixtures.AliceNvm}/fifo/package.json");
        Directory.CreateDirectory(Path.GetDirectoryName(fifo)!);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var inventory = Read();

        Assert.Null(Assert.Single(inventory.Items, i => i.Name == "fifo").Version);
        HasProblem(inventory, p => p.StartsWith($"{InventoryFixtures.AliceNvm}/fifo/package.json: is empty or not a regular file", StringComparison.Ordinal));
    }

    [Fact]
    public void Stops_at_the_entry_budget_with_a_problem_line()
    {
        _machine.WithAgents();
        for (var i = 0; i < 50; i++)
        {
            _machine.Package(InventoryFixtures.AliceNvm, $"pkg-{i:D2}", "1.0.0");
        }

        var inventory = MachineInventoryReader.Read(new MachineInventoryOptions { Root = _machine.Root, MaxEntriesPerDirectory = 10 });

        HasProblem(inventory, p => p.StartsWith($"{InventoryFixtures.AliceNvm}: more than 10 entries", StringComparison.Ordinal));
        Assert.True(inventory.Items.Count(i => i.Path.StartsWith(InventoryFixtures.AliceNvm, StringComparison.Ordinal)) <= 10);
    }

    private static void HasProblem(MachineInventory inventory, Func<string, bool> match) =>
        Assert.True(inventory.Problems.Any(match), "problems were:\n" + string.Join('\n', inventory.Problems));

    private MachineInventory Read_with_agents()
    {
        _machine.WithAgents();
        return Read();
    }
}
