namespace Telltale.JavaScript.Normalisation;

/// <summary>The program after normalisation, the maps of each round back to the original text, and how many rewrites were made.</summary>
internal sealed class NormalisedProgram(JavaScriptProgram program, IReadOnlyList<SourceOffsetMap> rounds, int rewrites)
{
    public JavaScriptProgram Program { get; } = program;

    public int Rewrites { get; } = rewrites;

    public bool Changed => rounds.Count > 0;

    public int Rounds => rounds.Count;

    /// <summary>Why normalisation stopped short of what it would have done (a budget); null when it did not.</summary>
    public string? Incomplete { get; init; }

    /// <summary>The offset in the original file of <paramref name="offset"/> in the normalised text.</summary>
    public int ToOriginal(int offset)
    {
        for (var i = rounds.Count - 1; i >= 0; i--)
        {
            offset = rounds[i].ToOriginal(offset);
        }

        return offset;
    }
}
