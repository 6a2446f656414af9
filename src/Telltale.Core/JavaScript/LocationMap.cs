using System.Text;
using Acornima.Ast;
using Telltale.Findings;
using Telltale.JavaScript.Normalisation;

namespace Telltale.JavaScript;

/// <summary>
/// Turns parser positions into report locations, with byte offsets (in the file's own encoding) as the rest of the
/// report uses. When the analysed program is a normalised rewrite, positions are mapped back to the file as shipped.
/// </summary>
internal sealed class LocationMap(string source, string path, Encoding codec, NormalisedProgram? normalised = null)
{
    private int[]? _lineStarts;

    public SourceLocation Locate(Node node)
    {
        if (normalised is not { Changed: true })
        {
            var start = Math.Clamp(node.Start, 0, source.Length);
            var position = node.Location.Start;
            return new SourceLocation(path, position.Line, position.Column + 1, codec.GetByteCount(source.AsSpan(0, start)), node.End - node.Start);
        }

        var originalStart = Math.Clamp(normalised.ToOriginal(node.Start), 0, source.Length);
        var originalEnd = Math.Clamp(normalised.ToOriginal(node.End), originalStart, source.Length);
        var (line, column) = LineAndColumn(originalStart);
        return new SourceLocation(path, line, column, codec.GetByteCount(source.AsSpan(0, originalStart)), originalEnd - originalStart);
    }

    /// <summary>One-based line and column of an offset, counting line breaks as JavaScript does.</summary>
    private (int Line, int Column) LineAndColumn(int offset)
    {
        _lineStarts ??= LineStarts(source);
        var index = Array.BinarySearch(_lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
