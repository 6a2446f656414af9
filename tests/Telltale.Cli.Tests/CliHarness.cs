using Telltale.Cli;

namespace Telltale.Tests;

/// <summary>Runs the CLI in-process with standard error captured; callers sit in the non-parallel "Console" collection.</summary>
internal static class CliHarness
{
    public static async Task<(int ExitCode, string Error)> RunAsync(params string[] args)
    {
        var originalError = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return (await CliApplication.RunAsync(args), error.ToString());
        }
        finally
        {
            Console.SetError(originalError);
        }
    }
}
