using System.Text.Json;
using Telltale.Inventory;
using Telltale.Tests.Artifacts.Native;

namespace Telltale.Tests.Inventory;

/// <summary>
/// Real single-file executables (built once with Bun and Node and cached, as the unpacker tests build theirs) on a
/// tree's PATH: each is named by the package.json it embeds, and hashed.
/// </summary>
public sealed class EmbeddedApplicationInventoryTests : IDisposable
{
    private static readonly string Manifest = JsonSerializer.Serialize(new { name = InventoryFixtures.Claude, version = "2.1.91", bin = new { claude = "cli.js" } });

    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    [Fact]
    public void Names_a_bun_compiled_executable_by_its_embedded_package_json()
    {
        var executable = BunBuilder.Build("console.log('an agent');\n", new BunBuildOptions { FileName = "cli.js", Assets = new Dictionary<string, string> { ["package.json"] = Manifest } });
        _machine.Executable("/usr/local/bin/claude", executable);

        var inventory = MachineInventoryReader.Read(new MachineInventoryOptions { Root = _machine.Root });

        var row = Assert.Single(inventory.Items);
        Assert.Equal(
            (InventoryItemKind.NativeExecutable, "claude", "2.1.91", InventoryFixtures.Claude, "2.1.91", "bun", "PATH", (string?)null),
            (row.Kind, row.Name, row.Version, row.EmbeddedPackage, row.EmbeddedVersion, row.Format, row.Source, row.User));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(executable))), row.Sha256);
    }

    [Fact]
    public void Names_a_node_sea_executable_by_its_package_json_asset()
    {
        var sea = NodeSeaBuilder.Build("console.log('an agent');\n", new NodeSeaOptions { Assets = new Dictionary<string, string> { ["package.json"] = Manifest } });
        _machine.Executable("/home/alice/.local/bin/not-a-known-name", sea.ExecutablePath);

        var inventory = MachineInventoryReader.Read(new MachineInventoryOptions { Root = _machine.Root });

        var row = Assert.Single(inventory.Items);
        Assert.Equal(("not-a-known-name", InventoryFixtures.Claude, "2.1.91", "node-sea", "alice"), (row.Name, row.EmbeddedPackage, row.EmbeddedVersion, row.Format, row.User));
    }
}
