using System.CommandLine;
using System.Globalization;
using Telltale.Artifacts;
using Telltale.Cli.Rendering;
using Telltale.Cli.TeamServer;
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
    private static readonly Option<string?> PolicyFile = new("--policy")
    {
        Description = "The policy.yaml to check against (docs/policy.md); or --server for the team's",
    };

    private static readonly TeamServerOptions TeamServer = TeamServerOptions.Create(
        "Check against the team server's current policy instead of --policy; when checking this machine, also post its inventory for the fleet view");

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
        TeamServer.AddTo(command);
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
        var inventoryNotPosted = false;
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

        var policyFile = parse.GetValue(PolicyFile);
        if ((policyFile is null) == !TeamServer.Given(parse))
        {
            return CliError.Fail("check needs one policy: --policy FILE, or --server URL for the team's");
        }

        using var server = TeamServer.Open(parse, Environment.GetEnvironmentVariable, out var serverProblem);
        if (serverProblem is not null)
        {
            return CliError.Fail(serverProblem);
        }

        // The policy first: a bad policy is bad input whatever the inventory holds, and costs nothing to find.
        PolicyDocument policy;
        if (server is null)
        {
            if (PolicyCommand.Load(policyFile!, out var failure) is not { } local)
            {
                return failure;
            }

            policy = local;
        }
        else
        {
            try
            {
                var (yaml, version) = await server.GetPolicyAsync(cancellationToken).ConfigureAwait(false);
                policy = PolicyLoader.ParseSelfContained(yaml, $"{server.Server}api/v1/policy (version {version.ToString(CultureInfo.InvariantCulture)})");
            }
            catch (TeamServerException error)
            {
                return CliError.Fail(error.Message);
            }
            catch (PolicyException error)
            {
                return CliError.Fail(error.Message);
            }
            catch (OperationCanceledException)
            {
                return CliError.Cancelled();
            }
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
        if (server is not null && target is null && inventory.Host is null)
        {
            CliError.Say("--root names a tree, not this machine: its inventory is not posted to the team server");
        }
        else if (server is not null && target is null)
        {
            try
            {
                await server.PostInventoryAsync(inventory, cancellationToken).ConfigureAwait(false);
            }
            catch (TeamServerException error)
            {
                // The verdicts still stand and are written; the fleet view just does not know this machine yet.
                CliError.Say($"the inventory was not posted: {error.Message}");
                inventoryNotPosted = true;
            }
            catch (OperationCanceledException)
            {
                return CliError.Cancelled();
            }
        }
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

        // A ban in force says more than a failed post; short of one, a machine the fleet view cannot see needs a look.
        return report.Failures > 0 ? ExitCodes.BannedInForce
            : inventoryNotPosted ? ExitCodes.UsageOrInput
            : report.Warnings > 0 ? ExitCodes.PolicyWarnings
            : ExitCodes.Clean;
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
