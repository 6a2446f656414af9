namespace Telltale.Artifacts.Native;

/// <summary>
/// A named byte range of an executable file. <see cref="Offset"/> and <see cref="Length"/> are file
/// positions, already checked to lie inside the file (a header that points outside is dropped and
/// reported in <see cref="NativeImage.Problems"/>).
/// </summary>
public sealed record NativeRegion(NativeRegionKind Kind, string Name, long Offset, long Length)
{
    public long End => Offset + Length;
}
