using Spectre.Console;
using Telltale.Inventory;

namespace Telltale.Cli.Rendering;

/// <summary>
/// The terminal view of <c>inventory</c>: a table per kind of row, then the problems. Names, versions and
/// paths come from disk — from a hostile package's manifest as often as not — so every one goes through
/// <see cref="TerminalText.Markup"/>.
/// </summary>
internal static class InventoryTerminalView
{
    /// <summary>Hashes are cut to this many hex digits on the terminal; the JSON has them whole.</summary>
    private const int ShortHash = 12;

    public static void Render(IAnsiConsole console, MachineInventory inventory)
    {
        var where = inventory.Host is { } host ? $"{host} ({inventory.Root})" : inventory.Root;
        console.Write(new Rule($"[bold]telltale inventory[/] {TerminalText.Markup(where)}").LeftJustified());
        console.MarkupLine($"[grey]{inventory.Items.Count} items, {inventory.Problems.Count} problems · read from files only; nothing was run[/]");
        if (inventory.Items.Count == 0)
        {
            console.MarkupLine("[green]Nothing found.[/]");
        }

        foreach (var group in inventory.Items.GroupBy(i => i.Kind).OrderBy(g => g.Key))
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{TerminalText.Markup(InventoryMarkdownWriter.Title(group.Key))}[/] [grey]({group.Count()})[/]");
            var native = group.Key == InventoryItemKind.NativeExecutable;
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("name");
            table.AddColumn("version");
            if (native)
            {
                table.AddColumn("embedded");
                table.AddColumn("sha256");
            }

            table.AddColumn("source");
            table.AddColumn("user");
            table.AddColumn("path");
            foreach (var item in group)
            {
                var cells = new List<string> { TerminalText.Markup(item.Name), Optional(item.Version) };
                if (native)
                {
                    cells.Add(item.EmbeddedPackage is { } embedded
                        ? $"{TerminalText.Markup(embedded)}@{TerminalText.Markup(item.EmbeddedVersion ?? "?")} [grey]{TerminalText.Markup(item.Format)}[/]"
                        : Optional(item.Format));
                    cells.Add(item.Sha256 is { } sha ? TerminalText.Markup(sha[..Math.Min(ShortHash, sha.Length)]) : "[grey]—[/]");
                }

                cells.Add(TerminalText.Markup(item.Source));
                cells.Add(Optional(item.User));
                cells.Add(TerminalText.Markup(item.Path));
                table.AddRow(cells.ToArray());
            }

            console.Write(table);
        }

        if (inventory.Problems.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine($"[yellow]{inventory.Problems.Count} problems[/] [grey](places that could not be read in full)[/]");
            foreach (var problem in inventory.Problems)
            {
                console.MarkupLine($"  [yellow]{TerminalText.Markup(problem)}[/]");
            }
        }
    }

    private static string Optional(string? text) => text is null ? "[grey]—[/]" : TerminalText.Markup(text);
}
