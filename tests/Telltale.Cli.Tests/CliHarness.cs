using Telltale.Cli;

namespace Telltale.Tests;

/// <summary>Runs the CLI in-process with its standard streams captured; callers sit in the non-parallel "Console" collection.</summary>
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

    public static async Task<(int ExitCode, string Output, string Error)> RunWithOutputAsync(params string[] args)
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var (code, error) = await RunAsync(args);
            return (code, output.ToString(), error);
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
