using System.CommandLine;
using Telltale.Cli.Commands;

namespace Telltale.Cli;

/// <summary>The command tree and its parse-error handling, callable from tests as well as from Main.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Telltale finds, proves and blocks hidden behaviour in developer tools.");
        root.Add(ScanCommand.Create());
        root.Add(ProbeCommand.Create());
        root.Add(HistoryCommand.Create());
        root.Add(WatchCommand.Create());
        root.Add(DiffCommand.Create());
        root.Add(ReportCommand.Create());
        root.Add(DeobfuscateCommand.Create());
        root.Add(InventoryCommand.Create());
        root.Add(PolicyCommand.Create());
        root.Add(CheckCommand.Create());
        root.Add(ServeCommand.Create());
        root.Add(GatewayCommand.Create());
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                CliError.Say(error.Message);
            }

            await Console.Error.WriteLineAsync("Try 'telltale --help'.").ConfigureAwait(false);
            return ExitCodes.UsageOrInput;
        }

        return await UnexpectedErrors.RunAsync(() => parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken)).ConfigureAwait(false);
    }
}
