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

    // Longer names and versions are not padded for: one hostile name must not push every other row off the screen.
    private const int MaxNameWidth = 40;
    private const int MaxVersionWidth = 16;

    public static void Render(IAnsiConsole console, MachineInventory inventory)
    {
        var where = inventory.Host is { } host ? $"{host} ({inventory.Root})" : inventory.Root;
        console.Write(new Rule($"[bold]telltale inventory[/] {TerminalText.Markup(where)}").LeftJustified());
        console.MarkupLine($"[grey]{Count(inventory.Items.Count, "item")}, {Count(inventory.Problems.Count, "problem")} · read from files only; nothing was run[/]");
        if (inventory.Items.Count == 0)
        {
            console.MarkupLine("[green]Nothing found.[/]");
        }

        // A line per row with its path beneath rather than a table: paths are long, and a table squeezed into
        // 80 columns breaks them and the names into slivers.
        foreach (var group in inventory.Items.GroupBy(i => i.Kind).OrderBy(g => g.Key))
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{TerminalText.Markup(InventoryMarkdownWriter.Title(group.Key))}[/] [grey]({group.Count()})[/]");
            var nameWidth = Math.Min(MaxNameWidth, group.Max(i => TerminalText.Line(i.Name).Length));
            var versionWidth = Math.Min(MaxVersionWidth, group.Max(i => TerminalText.Line(i.Version ?? "—").Length));
            foreach (var item in group)
            {
                var name = Padded(item.Name, nameWidth);
                var version = item.Version is null ? $"[grey]{"—".PadRight(versionWidth)}[/]" : Padded(item.Version, versionWidth);
                var owner = item.User is null ? "" : $" · {TerminalText.Markup(item.User)}";
                console.MarkupLine($"  [bold]{name}[/]  {version}  [grey]{TerminalText.Markup(item.Source)}{owner}[/]");
                if (item.Kind == InventoryItemKind.NativeExecutable)
                {
                    var embedded = item.EmbeddedPackage is { } package
                        ? $"embeds {TerminalText.Markup(package)}@{TerminalText.Markup(item.EmbeddedVersion ?? "?")} ({TerminalText.Markup(item.Format)}) · "
                        : item.Format is { } format ? $"{TerminalText.Markup(format)} executable, no package named · " : "";
                    var hash = item.Sha256 is { } sha ? $"sha256 {TerminalText.Markup(sha[..Math.Min(ShortHash, sha.Length)])}…" : "not hashed";
                    Indented(console, $"[grey]{embedded}{hash}[/]");
                }

                Indented(console, $"[grey]{TerminalText.Markup(item.Path)}[/]");
            }
        }

        if (inventory.Problems.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine($"[yellow]{Count(inventory.Problems.Count, "problem")}[/] [grey](places that could not be read in full)[/]");
            foreach (var problem in inventory.Problems)
            {
                console.Write(new Padder(new Markup($"[yellow]{TerminalText.Markup(problem)}[/]").Overflow(Overflow.Fold), new Padding(2, 0, 0, 0)));
            }
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>A detail line under a row: indented, and a path too long for the line folded under the indent rather than moved below it.</summary>
    private static void Indented(IAnsiConsole console, string markup) =>
        console.Write(new Padder(new Markup(markup).Overflow(Overflow.Fold), new Padding(6, 0, 0, 0)));

    /// <summary>Escaped for markup, padded on its visible (escaped) length.</summary>
    private static string Padded(string text, int width)
    {
        var visible = TerminalText.Line(text);
        return TerminalText.Markup(text) + new string(' ', Math.Max(0, width - visible.Length));
    }
}
