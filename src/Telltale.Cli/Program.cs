using System.CommandLine;
using Telltale.Cli;
using Telltale.Cli.Commands;

var root = new RootCommand("Telltale finds, proves and blocks hidden behaviour in developer tools.");
root.Add(ScanCommand.Create());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync($"telltale: {error.Message}");
    }

    await Console.Error.WriteLineAsync("Try 'telltale --help'.");
    return ExitCodes.UsageOrInput;
}

return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
