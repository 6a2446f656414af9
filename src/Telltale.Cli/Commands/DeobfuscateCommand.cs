using System.CommandLine;
using System.Globalization;
using Telltale.Cli.Rendering;
using Telltale.JavaScript.Normalisation;
using Telltale.Scanning;

namespace Telltale.Cli.Commands;

/// <summary><c>telltale deobfuscate FILE</c>: the script as the analysis reads it, for a reviewer to read.</summary>
internal static class DeobfuscateCommand
{
    public const string IncompleteNote = "incomplete: a work budget stopped part of it";

    private static readonly Argument<string> Script = new("file")
    {
        Description = "A JavaScript file (script or module)",
    };

    private static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Write the script to this file instead of standard output (checked before anything else is done; replaced only when complete)",
    };

    public static Command Create()
    {
        var command = new Command("deobfuscate", "Undo the obfuscation of one JavaScript file as the analysis does (string tables, wrappers and proxy objects, constants, flattened control flow, dead branches) and print the script it then reads.")
        {
            Script, Output,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.GetValue(Output);
        if (output is not null && ReportFile.Problem(output) is { } problem)
        {
            return CliError.Fail($"cannot write {output}: {problem}");
        }

        var path = parse.GetValue(Script)!;
        var limits = ScanLimits.Default;
        string source;
        try
        {
            if (Unreadable(path, limits) is { } reason)
            {
                return CliError.Fail($"cannot read {path}: {reason}");
            }

            source = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return CliError.Fail($"cannot read {path}: {error.Message}");
        }
        catch (OperationCanceledException)
        {
            return CliError.Cancelled();
        }

        DeobfuscationResult result;
        try
        {
            result = await Deobfuscator.DeobfuscateAsync(source, path, limits, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return CliError.Cancelled();
        }

        if (result.ParseError is { } parseError)
        {
            return CliError.Fail($"{path} does not parse as JavaScript: {parseError}");
        }

        if (output is null)
        {
            // A pipe or a file gets the code as it is, to be run or diffed; a terminal gets it as every other printed text.
            await WriteScriptAsync(Console.Out, result.Text, toTerminal: !Console.IsOutputRedirected).ConfigureAwait(false);
        }
        else
        {
            try
            {
                await ReportFile.WriteAsync(output, writer => WriteScriptAsync(writer, result.Text, toTerminal: false)).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return CliError.Fail($"cannot write {output}: {error.Message}");
            }
        }

        CliError.Say(Summary(path, result));
        return ExitCodes.Clean;
    }

    /// <summary>The script on <paramref name="writer"/>: as it is, or escaped for a terminal, which must never receive a package's controls.</summary>
    internal static async Task WriteScriptAsync(TextWriter writer, string script, bool toTerminal)
    {
        var text = toTerminal ? TerminalText.Lines(script) : script;
        await writer.WriteAsync(text).ConfigureAwait(false);
        if (toTerminal && !text.EndsWith('\n'))
        {
            // The prompt or the summary starts on a line of its own; a file keeps the script's own last byte.
            await writer.WriteLineAsync().ConfigureAwait(false);
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }

    internal static string Summary(string path, DeobfuscationResult result)
    {
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"deobfuscated {path}: {Count(result.Rounds, "round")}, {Count(result.Rewrites, "rewrite")}, {Count(result.SandboxEvaluations, "sandbox run")}");
        return result.Complete ? summary : $"{summary}; {IncompleteNote}";
    }

    /// <summary>Why <paramref name="path"/> is not a script this command reads, before reading it; null when it is one.</summary>
    private static string? Unreadable(string path, ScanLimits limits)
    {
        if (Directory.Exists(path))
        {
            return "it is a directory";
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return "no such file";
        }

        return file.Length > limits.MaxAnalyzedScriptBytes
            ? string.Create(CultureInfo.InvariantCulture, $"it is {file.Length:N0} bytes, over the {limits.MaxAnalyzedScriptBytes:N0} bytes the analysis parses")
            : null;
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
