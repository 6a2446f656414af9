using Telltale.Decoding;
using Telltale.JavaScript.Sandbox;
using Telltale.Scanning;

namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// The normalisation pass on its own, for a reviewer who wants to read what a script does (and for comparing it with
/// other deobfuscators): the text the analysis reads, with the same sandbox and work budget a scan gives one file.
/// </summary>
public static class Deobfuscator
{
    /// <param name="source">The script's text.</param>
    /// <param name="limits">Budgets; the file's sandbox statement budget applies.</param>
    /// <param name="cancellationToken">Stops between rounds and between sandbox statements.</param>
    public static DeobfuscationResult Deobfuscate(string source, ScanLimits limits, CancellationToken cancellationToken = default) =>
        Deobfuscate(source, "input.js", limits, cancellationToken);

    /// <param name="source">The script's text.</param>
    /// <param name="path">The script's name, as a parse error quotes it.</param>
    /// <param name="limits">Budgets; the file's sandbox statement budget applies.</param>
    /// <param name="cancellationToken">Stops between rounds and between sandbox statements.</param>
    public static DeobfuscationResult Deobfuscate(string source, string path, ScanLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        JavaScriptProgram? program;
        string? error;
        try
        {
            program = JavaScriptProgram.TryParse(source, path, null, limits.MaxSyntaxNodesPerScript, out _, out error);
        }
        catch (SyntaxTreeBudgetExceededException)
        {
            // It parses, but its tree is more than a scan would hold: left as it is, and not complete.
            return new DeobfuscationResult(source, 0, 0, 0, Complete: false, ParseError: null);
        }
        catch (InsufficientExecutionStackException)
        {
            // The parser checks its stack rather than overflowing it: a script nested past any stack is not one to read.
            (program, error) = (null, "it nests too deeply to parse");
        }

        if (program is null)
        {
            return new DeobfuscationResult(source, 0, 0, 0, Complete: true, ParseError: error);
        }

        var sandbox = new JavaScriptSandbox();
        var decoder = LayeredDecoder.CreateDefault(limits);
        var meter = new SandboxWorkBudget(limits.MaxSandboxStatementsPerScan, limits.MaxSandboxStatementsPerFile).ForFile(0);
        var normalised = JavaScriptNormaliser.Normalise(ref program, round => new DecoderFolding(round, sandbox, decoder, meter, cancellationToken), limits.MaxSyntaxNodesPerScript, cancellationToken);
        return new DeobfuscationResult(
            normalised.Program.Source,
            normalised.Rounds,
            normalised.Rewrites,
            meter.Evaluations,
            Complete: !meter.Spent && meter.LimitedEvaluations == 0 && normalised.Incomplete is null,
            ParseError: null);
    }

    /// <summary>
    /// <see cref="Deobfuscate(string, string, ScanLimits, CancellationToken)"/> on a thread of its own with the stack a scan
    /// gives its analysis: real bundles nest deeply, and the parser and the passes recurse with the nesting.
    /// </summary>
    public static Task<DeobfuscationResult> DeobfuscateAsync(string source, string path, ScanLimits limits, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<DeobfuscationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                try
                {
                    completion.SetResult(Deobfuscate(source, path, limits, cancellationToken));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    completion.SetCanceled(cancellationToken);
                }
                catch (Exception error)
                {
                    completion.SetException(error);
                }
            },
            EntryScanner.AnalysisStackBytes)
        {
            IsBackground = true,
            Name = "telltale-deobfuscate",
        };
        thread.Start();
        return completion.Task;
    }
}
