using System.CommandLine;
using System.Globalization;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Inventory;
using Telltale.Inventory.Lockfiles;
using Telltale.Policy;
using Telltale.Policy.Compliance;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>telltale check --policy FILE [TARGET]</c>: is this machine (or a saved inventory, a lockfile, one package)
/// compliant? Exit 0 compliant, 1 banned in force, 3 only warnings, 2 bad input: for MDM agents and CI.
/// </summary>
internal static class CheckCommand
{
    private static readonly Option<string> PolicyFile = new("--policy")
    {
        Description = "The policy.yaml to check against (docs/policy.md)",
        Required = true,
    };

    private static readonly Argument<string?> Target = new("target")
    {
        Description = "What to check: a saved inventory (.json from 'inventory --format json'), a lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock) or npm:NAME@VERSION; default: this machine's inventory",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> Now = new("--now")
    {
        Description = "Judge dates as at this instant (ISO 8601, e.g. 2026-07-07T09:00:00Z) instead of the clock: to see what a policy will say on a day",
    };

    private static readonly InventorySourceOptions Machine = InventorySourceOptions.Create();

    private static readonly ReportOutputOptions Output = ReportOutputOptions.Create("verdicts", "json", "sarif", "markdown");

    public static Command Create()
    {
        var command = new Command("check", "Judge every installed AI tool and npm program (or a saved inventory, a lockfile, one package) against a policy: banned, banned from a date, restricted, review, allowed or not listed. Exit 0 compliant, 1 banned in force, 3 only warnings, 2 bad input.")
        {
            PolicyFile, Target, Now,
        };
        Machine.AddTo(command);
        Output.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (Output.Check(parse, out var format) is { } outputProblem)
        {
            return CliError.Fail(outputProblem);
        }

        var now = DateTimeOffset.UtcNow;
        if (parse.GetValue(Now) is { } nowText
            && !DateTimeOffset.TryParse(nowText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out now))
        {
            return CliError.Fail($"--now '{nowText}' is not a date and time (use ISO 8601, e.g. 2026-07-07T09:00:00Z)");
        }

        var target = parse.GetValue(Target);
        if (target is not null && Machine.AnyGiven(parse))
        {
            return CliError.Fail("--root, --all-users and --path choose a machine to inventory; they do not go with a saved inventory, lockfile or package");
        }

        MachineInventoryOptions? machine = null;
        if (target is null)
        {
            machine = Machine.Check(parse, out var machineProblem);
            if (machine is null)
            {
                return CliError.Fail(machineProblem!);
            }
        }

        // The policy first: a bad policy is bad input whatever the inventory holds, and costs nothing to find.
        if (PolicyCommand.Load(parse.GetValue(PolicyFile)!, out var failure) is not { } policy)
        {
            return failure;
        }

        MachineInventory inventory;
        string subject;
        try
        {
            (inventory, subject) = target is null
                ? (await Task.Run(() => MachineInventoryReader.Read(machine!, cancellationToken), cancellationToken).ConfigureAwait(false), Subject(machine!))
                : (Read(target), target);
        }
        catch (OperationCanceledException)
        {
            return CliError.Cancelled();
        }
        catch (Exception error) when (error is InvalidDataException or IOException or UnauthorizedAccessException or TargetException)
        {
            return CliError.Fail(error.Message);
        }

        var report = PolicyChecker.Check(policy, inventory, subject, now);
        var written = await Output.WriteAsync(parse, format,
            console => ComplianceTerminalView.Render(console, report),
            writer =>
            {
                switch (format)
                {
                    case "json":
                        ComplianceJsonWriter.Write(report, writer);
                        break;
                    case "sarif":
                        ComplianceSarifWriter.Write(report, writer);
                        break;
                    default:
                        ComplianceMarkdownWriter.Write(report, writer);
                        break;
                }
            }).ConfigureAwait(false);
        if (written is { } writeProblem)
        {
            return CliError.Fail(writeProblem);
        }

        return report.Failures > 0 ? ExitCodes.BannedInForce : report.Warnings > 0 ? ExitCodes.PolicyWarnings : ExitCodes.Clean;
    }

    private static string Subject(MachineInventoryOptions machine) =>
        machine.Root == "/" ? $"this machine{(machine.Host is null ? "" : $" ({machine.Host})")}" : $"the tree {machine.Root}";

    /// <exception cref="InvalidDataException">when the file is not a lockfile or inventory this tool reads.</exception>
    private static MachineInventory Read(string target)
    {
        if (NpmPackageSpec.IsNpmSpec(target))
        {
            var spec = NpmPackageSpec.Parse(target);
            if (spec.Version is null)
            {
                throw new InvalidDataException($"{target}: check needs an exact version, npm:NAME@VERSION");
            }

            return new MachineInventory(target, [new InventoryItem
            {
                Kind = InventoryItemKind.Named, Ecosystem = PolicyEcosystems.Npm, Name = spec.Name, Version = spec.Version, Path = target, Source = "command line",
            }], []);
        }

        if (!File.Exists(target))
        {
            throw new InvalidDataException($"{target}: no such file (check takes a saved inventory, a lockfile or npm:NAME@VERSION)");
        }

        if (LockfileReader.IsLockfile(target))
        {
            return LockfileReader.Read(target);
        }

        try
        {
            using var stream = File.OpenRead(target);
            return InventoryJsonReader.Read(stream);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"{target}: not an inventory this telltale reads: {error.Message}", error);
        }
    }
}
