using Telltale.Cli.Rendering;

namespace Telltale.Cli.Commands;

/// <summary>
/// The one-line messages on standard error, <c>telltale: …</c>. Messages quote targets, entry names and
/// exception text that can come from a package, so every line goes through <see cref="TerminalText"/>.
/// </summary>
internal static class CliError
{
    /// <summary>Says <paramref name="message"/> and gives the exit code for bad usage or unusable input.</summary>
    public static int Fail(string message)
    {
        Say(message);
        return ExitCodes.UsageOrInput;
    }

    /// <summary>Says that the command was interrupted and gives its exit code.</summary>
    public static int Cancelled()
    {
        Say("cancelled");
        return ExitCodes.Cancelled;
    }

    public static void Say(string message) => Console.Error.WriteLine($"telltale: {TerminalText.Line(message)}");
}
