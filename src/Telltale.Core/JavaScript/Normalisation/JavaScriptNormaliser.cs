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
        var maps = new List<SourceOffsetMap>();
        var current = program;
        var rewrites = 0;
        var tables = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < MaxRounds && current.Signals.Any; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var edits = new SourceEdits();
            // String tables first, so that their code is protected from the other rewrites; then outer rewrites, since
            // a dropped branch or a reordered loop makes the edits inside it moot.
            StringTableFolding.Collect(current, foldingFor(current), edits, tables);
            ConstantFolding.CollectBranches(current, edits);
            DispatchLoopUnflattening.Collect(current, edits);
            WrapperInlining.Collect(current, edits);
            ConstantFolding.Collect(current, edits);
            // Respellings alone are not worth parsing a bundle again for; once tables or proxies are being undone, they are
            // what lets the next round see the next layer.
            if (edits.Count == 0 || (round == 0 && edits.StructuralCount == 0))
            {
                break;
            }

            var (text, map) = edits.Apply(current.Source);
            // A rewrite that does not parse is a bug of ours, not of the package: keep the last program that parsed.
            if (JavaScriptProgram.TryParse(text, program.Path, out var error) is not { } next)
            {
                System.Diagnostics.Debug.WriteLine($"normalisation round {round} does not parse: {error}");
                break;
            }

            rewrites += edits.Count;
            maps.Add(map);
            current = next;
        }

        return new NormalisedProgram(current, maps, rewrites);
    }
}
