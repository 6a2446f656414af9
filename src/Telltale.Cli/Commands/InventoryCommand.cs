using System.CommandLine;
using Telltale.Cli.Rendering;
using Telltale.Inventory;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>telltale inventory</c>: which AI developer tools and npm-installed programs this machine (or a tree read as
/// one) has, read from files only; nothing found is run.
/// </summary>
internal static class InventoryCommand
{
    private static readonly InventorySourceOptions Machine = InventorySourceOptions.Create();

    private static readonly ReportOutputOptions Output = ReportOutputOptions.Create("inventory", "json", "markdown");

    public static Command Create()
    {
        var command = new Command("inventory", "List the global npm packages, agent executables, editor extensions and JetBrains plugins installed, from files only (nothing is run).");
        Machine.AddTo(command);
        Output.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (Output.Check(parse, out var format) is { } problem)
        {
            return CliError.Fail(problem);
        }

        if (Machine.Check(parse, out var machineProblem) is not { } options)
        {
            return CliError.Fail(machineProblem!);
        }

        MachineInventory inventory;
        try
        {
            inventory = await Task.Run(() => MachineInventoryReader.Read(options, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return CliError.Cancelled();
        }

        var written = await Output.WriteAsync(parse, format,
            console => InventoryTerminalView.Render(console, inventory),
            writer =>
            {
                if (format == "json")
                {
                    InventoryJsonWriter.Write(inventory, writer);
                }
                else
                {
                    InventoryMarkdownWriter.Write(inventory, writer);
                }
            }).ConfigureAwait(false);
        return written is { } writeProblem ? CliError.Fail(writeProblem) : ExitCodes.Clean;
    }
}
