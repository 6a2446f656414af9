using System.CommandLine;
using Telltale.Inventory;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>--root</c>, <c>--all-users</c> and <c>--path</c>: which machine an inventory reads, the same on
/// <c>inventory</c> and <c>check</c>; declared, checked and turned into <see cref="MachineInventoryOptions"/> here once.
/// </summary>
internal sealed record InventorySourceOptions(Option<string?> Root, Option<bool> AllUsers, Option<string[]> ExtraPath)
{
    public static InventorySourceOptions Create() => new(
        new Option<string?>("--root")
        {
            Description = "Read this directory as the machine's / (a mounted disk image or a test tree); links are followed inside it only. Every home in it is read",
        },
        new Option<bool>("--all-users")
        {
            Description = "Read every home (/root, /home/*, /Users/*), not only yours; on this machine it needs root",
        },
        new Option<string[]>("--path")
        {
            Description = "Another folder to look in for agent executables (repeatable); without --root, the folders of $PATH are always looked in",
            AllowMultipleArgumentsPerToken = false,
        });

    public void AddTo(Command command)
    {
        command.Add(Root);
        command.Add(AllUsers);
        command.Add(ExtraPath);
    }

    /// <summary>Whether any of these options was given: <c>check</c> refuses them with a saved inventory or lockfile.</summary>
    public bool AnyGiven(ParseResult parse) =>
        parse.GetValue(Root) is not null || parse.GetValue(AllUsers) || (parse.GetValue(ExtraPath)?.Length ?? 0) > 0;

    /// <summary>The machine to read, or the one-line problem to report with exit 2.</summary>
    public MachineInventoryOptions? Check(ParseResult parse, out string? problem)
    {
        problem = null;
        var root = parse.GetValue(Root);
        if (root is not null && !Directory.Exists(root))
        {
            problem = $"--root {root}: no such directory";
            return null;
        }

        var thisMachine = root is null || Path.GetFullPath(root) == "/";
        var allUsers = parse.GetValue(AllUsers);
        if (allUsers && thisMachine && !Environment.IsPrivilegedProcess)
        {
            problem = "--all-users reads every home on this machine and needs root (run it with sudo); without it only your own home is read";
            return null;
        }

        var extraPath = (parse.GetValue(ExtraPath) ?? []).Select(Path.GetFullPath).ToList();
        if (root is null)
        {
            // This machine: the folders this process would run programs from, as a shell would.
            extraPath.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Where(p => p.StartsWith('/')));
        }

        return new MachineInventoryOptions
        {
            Root = root is null ? "/" : Path.GetFullPath(root),
            AllUsers = allUsers,
            CurrentUserHome = thisMachine ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : null,
            CurrentUserName = thisMachine ? Environment.UserName : null,
            ExtraPath = extraPath.Distinct(StringComparer.Ordinal).ToList(),
            Host = thisMachine ? Environment.MachineName : null,
        };
    }
}
