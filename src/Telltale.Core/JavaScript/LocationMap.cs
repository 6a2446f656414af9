using System.Text;
using Acornima.Ast;
using Telltale.Findings;
using Telltale.JavaScript.Linking;
using Telltale.JavaScript.Normalisation;

namespace Telltale.JavaScript;

/// <summary>
/// Turns parser positions into report locations, with byte offsets (in the file's own encoding) as the rest of the
/// report uses. When the analysed program is a normalised rewrite, positions are mapped back to the file as shipped.
/// </summary>
internal sealed class LocationMap
{
    private readonly LinkedSource _linked;
    private readonly NormalisedProgram? _normalised;
    private readonly int[]?[] _lineStarts;

    public LocationMap(string source, string path, Encoding codec, NormalisedProgram? normalised = null)
        : this(LinkedSource.Single(new PackageScript(path, source, codec)), normalised)
    {
    }

    /// <summary>Locations in a program linked from several files: each maps back to its own file.</summary>
    public LocationMap(LinkedSource linked, NormalisedProgram? normalised)
    {
        _linked = linked;
        _normalised = normalised;
        _lineStarts = new int[]?[linked.Files.Count];
    }

    public SourceLocation Locate(Node node)
    {
        if (_normalised is not { Changed: true } && _linked.IsIdentity)
        {
            var file = _linked.Files[0];
            var start = Math.Clamp(node.Start, 0, file.Text.Length);
            var position = node.Location.Start;
            return new SourceLocation(file.Path, position.Line, position.Column + 1, file.Codec.GetByteCount(file.Text.AsSpan(0, start)), node.End - node.Start);
        }

        var linkedStart = _normalised is { Changed: true } ? _normalised.ToOriginal(node.Start) : node.Start;
        var linkedEnd = _normalised is { Changed: true } ? _normalised.ToOriginal(node.End) : node.End;
        var (index, offset) = _linked.ToFile(linkedStart);
        var (endIndex, endOffset) = _linked.ToFile(Math.Max(linkedStart, linkedEnd));
        var source = _linked.Files[index];
        var originalStart = Math.Clamp(offset, 0, source.Text.Length);
        var originalEnd = endIndex == index ? Math.Clamp(endOffset, originalStart, source.Text.Length) : originalStart;
        var (line, column) = LineAndColumn(index, originalStart);
        return new SourceLocation(source.Path, line, column, source.Codec.GetByteCount(source.Text.AsSpan(0, originalStart)), originalEnd - originalStart);
    }

    /// <summary>One-based line and column of an offset in one of the files, counting line breaks as JavaScript does.</summary>
    internal (int Line, int Column) LineAndColumn(int file, int offset)
    {
        var starts = _lineStarts[file] ??= LineStarts(_linked.Files[file].Text);
        var index = Array.BinarySearch(starts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - starts[line] + 1);
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
