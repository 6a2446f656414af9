using System.Text;
using Acornima.Ast;
using Telltale.Findings;

namespace Telltale.JavaScript;

/// <summary>Turns parser positions into report locations, with byte offsets (in the file's own encoding) as the rest of the report uses.</summary>
internal sealed class LocationMap(string source, string path, Encoding codec)
{
    public SourceLocation Locate(Node node)
    {
        var start = Math.Clamp(node.Start, 0, source.Length);
        var offset = codec.GetByteCount(source.AsSpan(0, start));
        var position = node.Location.Start;
        return new SourceLocation(path, position.Line, position.Column + 1, offset, node.End - node.Start);
    }
}
