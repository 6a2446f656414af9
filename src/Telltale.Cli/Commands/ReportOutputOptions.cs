using System.CommandLine;
using Spectre.Console;

namespace Telltale.Cli.Commands;

/// <summary>
/// <c>-f/--format</c> and <c>-o/--output</c>, the same on every verb that writes a report (scan, diff,
/// history, probe, report show): declared, checked and written here once.
/// </summary>
internal sealed record ReportOutputOptions(Option<string> Format, Option<string?> Output, IReadOnlyList<string> Formats)
{
    public const string Terminal = "terminal";

    /// <param name="written">What the verb writes ("report", "diff", "timeline"), for the help text.</param>
    /// <param name="formats">The formats besides <c>terminal</c>; <c>md</c> is always read as <c>markdown</c>.</param>
    public static ReportOutputOptions Create(string written, params string[] formats)
    {
        string[] all = [Terminal, .. formats];
        return new(
            new Option<string>("--format", "-f")
            {
                Description = $"Output format: {Names(all)}",
                DefaultValueFactory = _ => Terminal,
            },
            new Option<string?>("--output", "-o")
            {
                Description = $"Write the {written} to this file instead of standard output (checked before anything else is done; replaced only when complete)",
            },
            all);
    }

    public void AddTo(Command command)
    {
        command.Add(Format);
        command.Add(Output);
    }

    /// <summary>
    /// The format asked for (lower case, <c>md</c> as <c>markdown</c>) and whether the output file can be
    /// written; call before any work so a bad value costs nothing.
    /// </summary>
    /// <returns>The one-line problem to report with exit 2, or null.</returns>
    public string? Check(ParseResult parse, out string format)
    {
        format = parse.GetValue(Format)!.Trim().ToLowerInvariant();
        if (format == "md")
        {
            format = "markdown";
        }

        if (!Formats.Contains(format))
        {
            return $"unknown format '{parse.GetValue(Format)}' (use {Names(Formats)})";
        }

        return parse.GetValue(Output) is { } path && ReportFile.Problem(path) is { } problem
            ? $"cannot write {path}: {problem}"
            : null;
    }

    /// <summary>
    /// Writes the result: the terminal view in colour on standard output, or without colour into the file;
    /// any other format through <paramref name="writeFormat"/>, to the file or standard output.
    /// </summary>
    /// <returns>The one-line problem to report with exit 2 when the file could not be written, or null.</returns>
    public async Task<string?> WriteAsync(ParseResult parse, string format, Action<IAnsiConsole> renderTerminal, Action<TextWriter> writeFormat)
    {
        var path = parse.GetValue(Output);
        if (format == Terminal && path is null)
        {
            // Made over the current Console.Out rather than the static AnsiConsole.Console, which keeps the writer it first saw.
            renderTerminal(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }));
            return null;
        }

        Task Write(TextWriter output)
        {
            if (format == Terminal)
            {
                renderTerminal(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors }));
            }
            else
            {
                writeFormat(output);
            }

            return Task.CompletedTask;
        }

        if (path is null)
        {
            await Write(Console.Out).ConfigureAwait(false);
            await Console.Out.FlushAsync().ConfigureAwait(false);
            return null;
        }

        try
        {
            await ReportFile.WriteAsync(path, Write).ConfigureAwait(false);
            return null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {path}: {error.Message}";
        }
    }

    private static string Names(IReadOnlyList<string> formats) =>
        formats.Count == 1 ? formats[0] : $"{string.Join(", ", formats.Take(formats.Count - 1))} or {formats[^1]}";
}
