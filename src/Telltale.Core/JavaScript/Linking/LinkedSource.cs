using Telltale.JavaScript.Normalisation;

namespace Telltale.JavaScript.Linking;

/// <summary>
/// One program made of several files of a package, each wrapped as a module function, and the way back from an
/// offset in it to the file and offset it came from.
/// </summary>
internal sealed class LinkedSource
{
    private readonly List<Piece> _pieces;

    internal LinkedSource(string text, IReadOnlyList<PackageScript> files, List<Piece> pieces)
    {
        Text = text;
        Files = files;
        _pieces = pieces;
    }

    public string Text { get; }

    public IReadOnlyList<PackageScript> Files { get; }

    /// <summary>True when the text is one file's, unchanged: offsets need no mapping.</summary>
    public bool IsIdentity => Files.Count == 1 && _pieces is [{ Start: 0, Map: null }] && ReferenceEquals(Text, Files[0].Text);

    /// <summary>
    /// Code a program makes at run time (the string it hands eval or new Function), as a source whose every offset
    /// maps to the call in <paramref name="file"/> that runs it.
    /// </summary>
    public static LinkedSource ProducedAt(string code, PackageScript file, int offset, int length)
    {
        var map = new SourceOffsetMap([new SourceOffsetMap.Segment(0, offset, code.Length, Replaced: true) { OriginalLength = length }]);
        return new(code, [file], [new Piece(0, code.Length, 0, map)]);
    }

    /// <summary>
    /// The characters <paramref name="start"/> to <paramref name="end"/> of <paramref name="file"/> as a program of their
    /// own, whose offsets map back to the file: a region of a script too large to analyse whole.
    /// </summary>
    public static LinkedSource Region(PackageScript file, int start, int end)
    {
        var length = end - start;
        var map = new SourceOffsetMap([new SourceOffsetMap.Segment(0, start, length, Replaced: false)]);
        return new(file.Text.Substring(start, length), [file], [new Piece(0, length, 0, map)]);
    }

    /// <summary>A single file as a linked source of its own.</summary>
    public static LinkedSource Single(PackageScript file) => new(file.Text, [file], [new Piece(0, file.Text.Length, 0, null)]);

    /// <summary>
    /// The file and offset in it (as shipped) that <paramref name="offset"/> of the linked text comes from. The text
    /// the linker wrote around a file maps to the start of the file after it.
    /// </summary>
    public (int File, int Offset) ToFile(int offset)
    {
        int low = 0, high = _pieces.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (_pieces[middle].Start <= offset)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var piece = _pieces[low];
        if (offset < piece.Start)
        {
            return (piece.File, 0);
        }

        var local = Math.Min(offset - piece.Start, piece.Length);
        return (piece.File, piece.Map?.ToOriginal(local) ?? local);
    }

    /// <param name="Start">Where the file's (rewritten) text begins in the linked text.</param>
    /// <param name="Length">Its length there.</param>
    /// <param name="File">Its index in <see cref="Files"/>.</param>
    /// <param name="Map">From the rewritten text back to the file as shipped; null when it was not rewritten.</param>
    internal sealed record Piece(int Start, int Length, int File, SourceOffsetMap? Map);
}
