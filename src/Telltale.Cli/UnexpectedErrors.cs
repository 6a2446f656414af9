using Telltale.Cli.Rendering;

namespace Telltale.Cli;

/// <summary>
/// The last line of defence for an exception no command expected (a bug). Left to the runtime, its message
/// would reach the terminal raw, and messages quote entry names and other package text; here it is printed
/// through <see cref="TerminalText"/>, stack trace included for the bug report.
/// </summary>
internal static class UnexpectedErrors
{
    public static async Task<int> RunAsync(Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"telltale: internal error, please report it: {TerminalText.Line(error.GetType().FullName)}: {TerminalText.Line(error.Message)}").ConfigureAwait(false);
            foreach (var line in (error.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await Console.Error.WriteLineAsync(TerminalText.Line(line.TrimEnd('\r'))).ConfigureAwait(false);
            }

            return ExitCodes.InternalError;
        }
    }
}
