using System.Globalization;
using System.Text;
using Telltale.Reports;

namespace Telltale.Inventory;

/// <summary>
/// Writes a <see cref="MachineInventory"/> as Markdown: one table per kind of row, then the problems. Every
/// value read from disk is a code span (<see cref="MarkdownText.TableCode"/>), so names with pipes, backticks
/// or control characters render as exactly that text.
/// </summary>
public static class InventoryMarkdownWriter
{
    public static void Write(MachineInventory inventory, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(ToMarkdown(inventory));
    }

    public static string ToMarkdown(MachineInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var text = new StringBuilder();
        text.Append("# Inventory of ").Append(MarkdownText.Inline(inventory.Host ?? inventory.Root)).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Root {MarkdownText.Code(inventory.Root)}")
            .Append(inventory.Host is { } host ? $", host {MarkdownText.Code(host)}" : "")
            .Append(CultureInfo.InvariantCulture, $": {inventory.Items.Count} items, {inventory.Problems.Count} problems. Read from files only; nothing was run.\n");

        foreach (var group in inventory.Items.GroupBy(i => i.Kind).OrderBy(g => g.Key))
        {
            var native = group.Key == InventoryItemKind.NativeExecutable;
            text.Append(CultureInfo.InvariantCulture, $"\n## {Title(group.Key)} ({group.Count()})\n\n");
            text.Append(native
                ? "| name | version | embedded package | format | sha256 | source | user | path |\n|---|---|---|---|---|---|---|---|\n"
                : "| name | version | source | user | path |\n|---|---|---|---|---|\n");
            foreach (var item in group)
            {
                text.Append("| ").Append(MarkdownText.TableCode(item.Name))
                    .Append(" | ").Append(Cell(item.Version));
                if (native)
                {
                    var embedded = item.EmbeddedPackage is null ? null : $"{item.EmbeddedPackage}@{item.EmbeddedVersion ?? "?"}";
                    text.Append(" | ").Append(Cell(embedded))
                        .Append(" | ").Append(Cell(item.Format))
                        .Append(" | ").Append(Cell(item.Sha256));
                }

                text.Append(" | ").Append(MarkdownText.TableCode(item.Source))
                    .Append(" | ").Append(Cell(item.User))
                    .Append(" | ").Append(MarkdownText.TableCode(item.Path))
                    .Append(" |\n");
            }
        }

        if (inventory.Problems.Count > 0)
        {
            text.Append("\n## Problems\n\n");
            foreach (var problem in inventory.Problems)
            {
                text.Append("- ").Append(MarkdownText.Inline(problem)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The heading of a kind's section, also used by the terminal view.</summary>
    public static string Title(InventoryItemKind kind) => kind switch
    {
        InventoryItemKind.NpmGlobal => "Global npm packages",
        InventoryItemKind.NativeExecutable => "Agent executables",
        InventoryItemKind.EditorExtension => "Editor extensions",
        InventoryItemKind.JetBrainsPlugin => "JetBrains plugins",
        InventoryItemKind.LockfilePackage => "Lockfile packages",
        _ => kind.ToString(),
    };

    private static string Cell(string? value) => value is null ? "—" : MarkdownText.TableCode(value);
}
