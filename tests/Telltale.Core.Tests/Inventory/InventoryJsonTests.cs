using Telltale.Inventory;
using Telltale.Policy;

namespace Telltale.Tests.Inventory;

/// <summary>The inventory's JSON: written, read back to the same inventory, and refused with one line when it is not one.</summary>
public sealed class InventoryJsonTests
{
    private static readonly MachineInventory Sample = new(
        "/mnt/image",
        [
            new InventoryItem { Kind = InventoryItemKind.NpmGlobal, Ecosystem = PolicyEcosystems.Npm, Name = "@anthropic-ai/claude-code", Version = "2.1.91", Path = "/home/alice/.nvm/versions/node/v20.11.0/lib/node_modules/@anthropic-ai/claude-code", Source = "nvm node 20.11.0", User = "alice" },
            new InventoryItem
            {
                Kind = InventoryItemKind.NativeExecutable, Ecosystem = PolicyEcosystems.Native, Name = "claude", Version = "2.1.198", Path = "/home/bob/.local/share/claude/versions/2.1.198",
                Source = "claude native installer", User = "bob", Sha256 = new string('a', 64), EmbeddedPackage = "@anthropic-ai/claude-code", EmbeddedVersion = "2.1.198", Format = "bun",
            },
            new InventoryItem { Kind = InventoryItemKind.EditorExtension, Ecosystem = PolicyEcosystems.VSCode, Name = "evil\u001b[2J\u202e", Path = "/home/x/.vscode/extensions/evil", Source = "VS Code", User = "x" },
        ],
        ["/home/x/.bun: cannot list the directory: Permission denied"])
    {
        Host = "build-7",
    };

    [Fact]
    public void Reads_back_what_it_writes()
    {
        var json = InventoryJsonWriter.ToJson(Sample);
        var read = InventoryJsonReader.Read(json);

        Assert.Equal(Sample.Root, read.Root);
        Assert.Equal(Sample.Host, read.Host);
        Assert.Equal(Sample.Items, read.Items);
        Assert.Equal(Sample.Problems, read.Problems);
        Assert.Equal(json, InventoryJsonWriter.ToJson(read));
    }

    [Fact]
    public void Writes_every_field_of_a_row_and_escapes_what_cannot_be_seen()
    {
        var json = InventoryJsonWriter.ToJson(Sample);

        Assert.StartsWith("{\n  \"schemaVersion\": \"1.0\",\n  \"root\": \"/mnt/image\",\n  \"host\": \"build-7\",\n  \"items\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"native-executable\"", json, StringComparison.Ordinal);
        Assert.Contains("\"embeddedPackage\": \"@anthropic-ai/claude-code\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sha256\": null", json, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"evil\\u001B[2J\\u202E\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("[]", "$: expected object, found array")]
    [InlineData("{\"schemaVersion\":\"2.0\",\"root\":\"/\",\"items\":[]}", "schema version '2.0' is not supported")]
    [InlineData("{\"schemaVersion\":\"1.0\",\"items\":[]}", "required field 'root' is missing")]
    [InlineData("{\"schemaVersion\":\"1.0\",\"root\":\"/\",\"items\":[{\"kind\":\"rootkit\",\"ecosystem\":\"npm\",\"name\":\"x\",\"path\":\"/x\",\"source\":\"npm\"}]}", "$.items[0].kind: 'rootkit' is not a kind")]
    [InlineData("{\"schemaVersion\":\"1.0\",\"root\":\"/\",\"items\":[{\"kind\":\"npm-global\",\"ecosystem\":\"PyPI\",\"name\":\"x\",\"path\":\"/x\",\"source\":\"npm\"}]}", "$.items[0].ecosystem: 'PyPI' is not one of")]
    [InlineData("{\"schemaVersion\":\"1.0\",\"root\":\"/\",\"items\":[{\"kind\":\"npm-global\",\"ecosystem\":\"npm\",\"name\":7,\"path\":\"/x\",\"source\":\"npm\"}]}", "$.items[0].name: expected string, found number")]
    [InlineData("{\"schemaVersion\":\"1.0\",\"root\":\"\\ud800\",\"items\":[]}", "not valid Unicode")]
    public void Refuses_what_is_not_an_inventory_with_one_line(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => InventoryJsonReader.Read(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Reads_a_newer_minor_version_and_ignores_fields_it_does_not_know()
    {
        var read = InventoryJsonReader.Read("{\"schemaVersion\":\"1.7\",\"root\":\"/\",\"extra\":{\"a\":1},\"items\":[{\"kind\":\"jetbrains-plugin\",\"ecosystem\":\"jetbrains\",\"name\":\"com.github.copilot\",\"path\":\"/p\",\"source\":\"GoLand 2025.2\",\"signed\":true}]}");

        var item = Assert.Single(read.Items);
        Assert.Equal((InventoryItemKind.JetBrainsPlugin, PolicyEcosystems.JetBrains, (string?)null), (item.Kind, item.Ecosystem, item.Version));
        Assert.Empty(read.Problems);
    }

    [Fact]
    public void Writes_markdown_tables_whose_cells_show_hostile_text_as_text()
    {
        var markdown = InventoryMarkdownWriter.ToMarkdown(Sample);

        Assert.Contains("## Global npm packages (1)", markdown, StringComparison.Ordinal);
        Assert.Contains("| `claude` | `2.1.198` | `@anthropic-ai/claude-code@2.1.198` | `bun` | `aaaa", markdown, StringComparison.Ordinal);
        Assert.Contains("`evil\\u{001B}[2J\\u{202E}`", markdown, StringComparison.Ordinal);
        Assert.Contains("- /home/x/.bun: cannot list the directory: Permission denied", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", markdown, StringComparison.Ordinal);
    }
}
