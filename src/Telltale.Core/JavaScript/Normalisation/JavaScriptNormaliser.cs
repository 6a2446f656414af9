namespace Telltale.JavaScript.Normalisation;

/// <summary>
/// Undoes what obfuscators and minifiers do to a program before it is analysed, by meaning rather than by any one
/// tool's output: string tables resolved by running their own code in the sandbox, one-line wrappers and proxy
/// objects inlined, constants folded, flattened control flow put back in order, dead branches dropped. Each round
/// rewrites the text and parses it again, because one step exposes the next (a proxy object's keys are table calls);
/// rounds stop when nothing changes. Every rewrite keeps a map back to the original offsets, so findings in the
/// normalised program point at the file as shipped.
/// </summary>
internal static class JavaScriptNormaliser
{
    public const int MaxRounds = 12;

    /// <param name="program">The program as parsed from the file.</param>
    /// <param name="foldingFor">The decoder folding (sandbox, budgets) for a program of a round.</param>
    /// <param name="cancellationToken">Stops between rounds.</param>
    public static NormalisedProgram Normalise(JavaScriptProgram program, Func<JavaScriptProgram, DecoderFolding> foldingFor, CancellationToken cancellationToken)
    {
        var path = program.Path;
        var maps = new List<SourceOffsetMap>();
        var current = program;
        var rewrites = 0;
        var tables = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < MaxRounds && current.Signals.Any; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var edits = new SourceEdits();
            // Evidence of obfuscation first: string tables (whose code is then protected from the other rewrites),
            // flattened dispatch loops, proxy objects. A first round without any leaves the program as it is: a minified
            // bundle's constant-argument wrappers and constant tests are read through by the analysis anyway, and
            // parsing a large bundle again costs more than rewriting them gives.
            StringTableFolding.Collect(current, foldingFor(current), edits, tables);
            DispatchLoopUnflattening.Collect(current, edits);
            WrapperInlining.CollectProxyObjects(current, edits);
            if (round == 0 && edits.Count == 0)
            {
                break;
            }

            ConstantFolding.CollectBranches(current, edits);
            WrapperInlining.CollectWrapperCalls(current, edits);
            ConstantFolding.Collect(current, edits);
            if (edits.Count == 0)
            {
                break;
            }

            var (text, map) = edits.Apply(current.Source);
            // Parsed while the last round's tree was still held, a 33 MB bundle's rounds doubled the peak: the tree is
            // let go first. A rewrite that does not parse is a bug of ours, not of the package: the last program that
            // parsed is kept, read again from its text (it parsed before, so it parses again, into the same program).
            var lastSource = current.Source;
            current = null!;
            if (JavaScriptProgram.TryParse(text, path, out _) is not { } next)
            {
                current = JavaScriptProgram.TryParse(lastSource, path, out _)
                    ?? throw new InvalidOperationException("a program that parsed once did not parse again");
                break;
            }

            rewrites += edits.Count;
            maps.Add(map);
            current = next;
        }

        return new NormalisedProgram(current, maps, rewrites);
    }
}
