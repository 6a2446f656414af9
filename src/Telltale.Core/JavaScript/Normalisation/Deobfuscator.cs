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
    public static DeobfuscationResult Deobfuscate(string source, ScanLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        if (JavaScriptProgram.TryParse(source, "input.js", out var error) is not { } program)
        {
            return new DeobfuscationResult(source, 0, 0, 0, Complete: true, ParseError: error);
        }

        var sandbox = new JavaScriptSandbox();
        var decoder = LayeredDecoder.CreateDefault(limits);
        var meter = new SandboxWorkBudget(limits.MaxSandboxStatementsPerScan, limits.MaxSandboxStatementsPerFile).ForFile(0);
        var normalised = JavaScriptNormaliser.Normalise(program, round => new DecoderFolding(round, sandbox, decoder, meter, cancellationToken), cancellationToken);
        return new DeobfuscationResult(
            normalised.Program.Source,
            normalised.Rounds,
            normalised.Rewrites,
            meter.Evaluations,
            Complete: !meter.Spent && meter.LimitedEvaluations == 0,
            ParseError: null);
    }
}
