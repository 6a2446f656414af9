using System.Runtime.CompilerServices;

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

    /// <summary>A program this long (4 MB of text, a tree of some 150 MB) is collected as soon as its round is over.</summary>
    private const int CollectAfterCharacters = 4 * 1024 * 1024;

    /// <param name="program">
    /// The program as parsed from the file, taken from the caller (the reference is cleared): a round's tree is let go
    /// before the next round's text is parsed, so one tree is held at a time, not the file's and every round's.
    /// </param>
    /// <param name="foldingFor">The decoder folding (sandbox, budgets) for a program of a round.</param>
    /// <param name="maxNodes">The script's syntax-tree budget, which each round's tree is held to as the file's was.</param>
    /// <param name="cancellationToken">Stops between rounds.</param>
    public static NormalisedProgram Normalise(ref JavaScriptProgram? program, Func<JavaScriptProgram, DecoderFolding> foldingFor, long maxNodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        var path = program.Path;
        var current = program;
        program = null;
        var maps = new List<SourceOffsetMap>();
        var rewrites = 0;
        var tables = new HashSet<string>(StringComparer.Ordinal);
        string? incomplete = null;
        for (var round = 0; round < MaxRounds && current.Signals.Any; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Rewrite(ref current, round, foldingFor, tables) is not { } rewrite)
            {
                break;
            }

            if (rewrite.LastSource.Length >= CollectAfterCharacters)
            {
                // The round's tree (hundreds of megabytes for a large bundle) is garbage now, and has lived long enough to
                // be in the oldest generation, which the collector visits rarely: collected before the next tree is built,
                // it is not still held beside it.
                GC.Collect();
            }

            try
            {
                current = JavaScriptProgram.TryParse(rewrite.Text, path, null, maxNodes, out _, out _);
            }
            catch (SyntaxTreeBudgetExceededException overBudget)
            {
                incomplete = $"normalisation stopped after {maps.Count} {(maps.Count == 1 ? "round" : "rounds")}: the next round's rewritten program passed the {overBudget.MaxNodes:N0}-node syntax-tree budget, so the program was analysed as it was before that rewrite";
            }

            if (current is null)
            {
                // A rewrite that does not parse is a bug of ours, not of the package, and one over the budget cannot be
                // held: the last program that parsed is read again from its text (it parsed, so it parses again, into the
                // same program).
                current = JavaScriptProgram.TryParse(rewrite.LastSource, path, out _)
                    ?? throw new InvalidOperationException("a program that parsed once did not parse again");
                break;
            }

            rewrites += rewrite.Count;
            maps.Add(rewrite.Map);
        }

        // Rewrite clears the program only when it returns a rewrite, and a rewrite is always parsed or read again.
        return new NormalisedProgram(current!, maps, rewrites) { Incomplete = incomplete };
    }

    /// <summary>
    /// One round's edits of <paramref name="current"/> applied to its text, or null when there are none (the program is
    /// then left in <paramref name="current"/>). With a rewrite, <paramref name="current"/> is cleared: what this frame
    /// held of the tree (the folding, the edits' nodes) ends with it, so nothing keeps the tree while the next is parsed.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RoundRewrite? Rewrite(ref JavaScriptProgram? current, int round, Func<JavaScriptProgram, DecoderFolding> foldingFor, HashSet<string> tables)
    {
        var program = current!;
        var edits = new SourceEdits();
        // Evidence of obfuscation first: string tables (whose code is then protected from the other rewrites),
        // flattened dispatch loops, proxy objects. A first round without any leaves the program as it is: a minified
        // bundle's constant-argument wrappers and constant tests are read through by the analysis anyway, and
        // parsing a large bundle again costs more than rewriting them gives.
        StringTableFolding.Collect(program, foldingFor(program), edits, tables);
        DispatchLoopUnflattening.Collect(program, edits);
        WrapperInlining.CollectProxyObjects(program, edits);
        if (round == 0 && edits.Count == 0)
        {
            return null;
        }

        ConstantFolding.CollectBranches(program, edits);
        WrapperInlining.CollectWrapperCalls(program, edits);
        ConstantFolding.Collect(program, edits);
        if (edits.Count == 0)
        {
            return null;
        }

        var (text, map) = edits.Apply(program.Source);
        current = null;
        return new RoundRewrite(text, map, edits.Count, program.Source);
    }

    private sealed record RoundRewrite(string Text, SourceOffsetMap Map, int Count, string LastSource);
}
