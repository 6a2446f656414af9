using DiffPlex;

namespace Telltale.Probing;

/// <summary>
/// Cuts text into code points for DiffPlex, whose own character chunker cuts UTF-16 units and so would split
/// U+1D400 from U+1D401 between their shared high surrogate and report a change of half a character.
/// </summary>
internal sealed class CodePointChunker : IChunker
{
    public static readonly CodePointChunker Instance = new();

    public IReadOnlyList<string> Chunk(string text) => CodePointDiff.Split(text);
}
