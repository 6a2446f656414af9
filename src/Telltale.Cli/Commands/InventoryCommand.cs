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
    private static readonly Option<string?> Root = new("--root")
    {
        Description = "Read this directory as the machine's / (a mounted disk image or a test tree); links are followed inside it only. Every home in it is read",
    };

    private static readonly Option<bool> AllUsers = new("--all-users")
    {
        Description = "Read every home (/root, /home/*, /Users/*), not only yours; on this machine it needs root",
    };

    private static readonly Option<string[]> ExtraPath = new("--path")
    {
        Description = "Another folder to look in for agent executables (repeatable); without --root, the folders of $PATH are always looked in",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly ReportOutputOptions Output = ReportOutputOptions.Create("inventory", "json", "markdown");

    public static Command Create()
    {
        var command = new Command("inventory", "List the global npm packages, agent executables, editor extensions and JetBrains plugins installed, from files only (nothing is run).")
        {
            Root, AllUsers, ExtraPath,
        };
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

        var root = parse.GetValue(Root);
        if (root is not null && !Directory.Exists(root))
        {
            return CliError.Fail($"--root {root}: no such directory");
        }

        var thisMachine = root is null || Path.GetFullPath(root) == "/";
        var allUsers = parse.GetValue(AllUsers);
        if (allUsers && thisMachine && !Environment.IsPrivilegedProcess)
        {
            return CliError.Fail("--all-users reads every home on this machine and needs root (run it with sudo); without it only your own home is read");
        }

        var extraPath = (parse.GetValue(ExtraPath) ?? []).Select(Path.GetFullPath).ToList();
        if (root is null)
        {
            // This machine: the folders this process would run programs from, as a shell would.
            extraPath.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Where(p => p.StartsWith('/')));
        }

        var options = new MachineInventoryOptions
        {
            Root = root is null ? "/" : Path.GetFullPath(root),
            AllUsers = allUsers,
            CurrentUserHome = thisMachine ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : null,
            CurrentUserName = thisMachine ? Environment.UserName : null,
            ExtraPath = extraPath.Distinct(StringComparer.Ordinal).ToList(),
            Host = thisMachine ? Environment.MachineName : null,
        };

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
