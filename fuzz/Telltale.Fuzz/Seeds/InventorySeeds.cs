using System.Text;
using Telltale.Inventory;
using Telltale.Inventory.Lockfiles;
using Telltale.Policy;

namespace Telltale.Fuzz.Seeds;

/// <summary>
/// Saved inventories: InventoryJsonTests' sample (every kind of row, hostile characters) and a lockfile's rows,
/// written by <see cref="InventoryJsonWriter"/> so they follow the writer, plus the shapes those tests refuse
/// or read leniently (a newer minor version, unknown fields).
/// </summary>
internal static class InventorySeeds
{
    private static readonly string[] Handwritten =
    [
        "",
        "[]",
        "{\"schemaVersion\":\"2.0\",\"root\":\"/\",\"items\":[]}",
        "{\"schemaVersion\":\"1.0\",\"items\":[]}",
        "{\"schemaVersion\":\"1.0\",\"root\":\"/\",\"items\":[{\"kind\":\"rootkit\",\"ecosystem\":\"npm\",\"name\":\"x\",\"path\":\"/x\",\"source\":\"npm\"}]}",
        "{\"schemaVersion\":\"1.0\",\"root\":\"/\",\"items\":[{\"kind\":\"npm-global\",\"ecosystem\":\"PyPI\",\"name\":\"x\",\"path\":\"/x\",\"source\":\"npm\"}]}",
        "{\"schemaVersion\":\"1.0\",\"root\":\"\\ud800\",\"items\":[]}",
        "{\"schemaVersion\":\"1.7\",\"root\":\"/\",\"extra\":{\"a\":1},\"problems\":null,\"items\":[{\"kind\":\"jetbrains-plugin\",\"ecosystem\":\"jetbrains\",\"name\":\"com.github.copilot\",\"path\":\"/p\",\"source\":\"GoLand 2025.2\",\"signed\":true}]}",
    ];

    public static IEnumerable<byte[]> All()
    {
        var sample = new MachineInventory(
            "/mnt/image",
            [
                new InventoryItem { Kind = InventoryItemKind.NpmGlobal, Ecosystem = PolicyEcosystems.Npm, Name = "@anthropic-ai/claude-code", Version = "2.1.91", Path = "/home/alice/.nvm/versions/node/v20.11.0/lib/node_modules/@anthropic-ai/claude-code", Source = "nvm node 20.11.0", User = "alice" },
                new InventoryItem
                {
                    Kind = InventoryItemKind.NativeExecutable, Ecosystem = PolicyEcosystems.Native, Name = "claude", Version = "2.1.198", Path = "/home/bob/.local/share/claude/versions/2.1.198",
                    Source = "claude native installer", User = "bob", Sha256 = new string('a', 64), EmbeddedPackage = "@anthropic-ai/claude-code", EmbeddedVersion = "2.1.198", Format = "bun",
                },
                new InventoryItem { Kind = InventoryItemKind.EditorExtension, Ecosystem = PolicyEcosystems.VSCode, Name = "evil\u001b[2J\u202e", Path = "/home/x/.vscode/extensions/evil", Source = "VS Code", User = "x" },
                new InventoryItem { Kind = InventoryItemKind.Named, Ecosystem = PolicyEcosystems.JetBrains, Name = "𝒳 \"quoted\" \\ \t", Path = "", Source = "" },
            ],
            ["/home/x/.bun: cannot list the directory: Permission denied"])
        {
            Host = "build-7",
        };
        yield return Encoding.UTF8.GetBytes(InventoryJsonWriter.ToJson(sample));
        yield return Encoding.UTF8.GetBytes(InventoryJsonWriter.ToJson(sample with { Host = null, Items = [], Problems = [] }));

        // A lockfile's rows, as `inventory --path` saves them.
        var lockfile = LockfileSeeds.All().First();
        yield return Encoding.UTF8.GetBytes(InventoryJsonWriter.ToJson(LockfileReader.Parse("package-lock.json", Encoding.UTF8.GetString(lockfile.AsSpan(1)))));

        foreach (var json in Handwritten)
        {
            yield return Encoding.UTF8.GetBytes(json);
        }
    }
}
