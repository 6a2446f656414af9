namespace Telltale.Artifacts.Native;

/// <summary>
/// Collects what one reader finds: regions checked against the file, the furthest byte the headers
/// claim, and capped problem lines. A Mach-O slice is parsed over its own bytes; <c>origin</c> turns its
/// slice-relative offsets into file-absolute ones.
/// </summary>
internal sealed class NativeLayoutBuilder
{
    /// <summary>Problem lines kept; a hostile file could otherwise produce one per header entry.</summary>
    public const int MaxProblems = 64;

    /// <summary>Regions kept across all kinds: far above any real executable, low enough to bound memory.</summary>
    public const int MaxRegions = 200_000;

    private readonly long length;
    private readonly long origin;
    private readonly List<NativeRegion> regions = [];
    private readonly List<string> problems = [];
    private int suppressedProblems;
    private bool regionCapReported;
    private long claimedEnd;

    /// <param name="length">Bytes in the image being parsed (the whole file, or one slice of a universal binary).</param>
    /// <param name="origin">File offset of the image's first byte.</param>
    public NativeLayoutBuilder(long length, long origin = 0)
    {
        this.length = length;
        this.origin = origin;
    }

    public IReadOnlyList<NativeRegion> Regions => regions;

    /// <summary>
    /// Adds the region when it lies inside the image; otherwise reports it. Either way its bytes count
    /// toward <see cref="NativeImage.ImageEnd"/> as far as the file goes: a section that runs past the end
    /// of a truncated file still owns the bytes that are there, and they are not an overlay.
    /// </summary>
    public bool TryAdd(NativeRegionKind kind, string name, ulong offset, ulong size)
    {
        Claim(offset, size);
        if (!NativeBounds.Fits(offset, size, length))
        {
            Problem($"{Describe(kind)} '{name}' at {offset} with {size} bytes lies outside the {length}-byte file; left out");
            return false;
        }

        if (regions.Count >= MaxRegions)
        {
            if (!regionCapReported)
            {
                regionCapReported = true;
                Problem($"more than {MaxRegions} regions; the rest are left out");
            }

            return false;
        }

        regions.Add(new NativeRegion(kind, name, origin + (long)offset, (long)size));
        return true;
    }

    /// <summary>
    /// Adds the region when it lies inside the image and the region cap is not reached; otherwise leaves it out
    /// without a word, and never counts its bytes toward <see cref="NativeImage.ImageEnd"/>. For tables a
    /// header points to that say what bytes are (debug data) rather than where the image ends.
    /// </summary>
    public void TryAddUnclaimed(NativeRegionKind kind, string name, ulong offset, ulong size)
    {
        if (size != 0 && NativeBounds.Fits(offset, size, length) && regions.Count < MaxRegions)
        {
            regions.Add(new NativeRegion(kind, name, origin + (long)offset, (long)size));
        }
    }

    /// <summary>Records that a header accounts for these bytes (a header table, a symbol table, a signature).</summary>
    public void Claim(ulong offset, ulong size)
    {
        if (size == 0 || offset >= (ulong)length)
        {
            return;
        }

        var end = (long)Math.Min(NativeBounds.End(offset, size), (ulong)length);
        claimedEnd = Math.Max(claimedEnd, end);
    }

    public void Problem(string line)
    {
        if (problems.Count < MaxProblems)
        {
            problems.Add(line);
        }
        else
        {
            suppressedProblems++;
        }
    }

    /// <summary>File-absolute end of the furthest claimed byte.</summary>
    public long ImageEnd => origin + claimedEnd;

    public IReadOnlyList<string> Problems =>
        suppressedProblems == 0 ? problems : [.. problems, $"... and {suppressedProblems} more problems"];

    public NativeImage Build(NativeFormat format, string architecture) => new()
    {
        Format = format,
        Architecture = architecture,
        Regions = regions,
        ImageEnd = ImageEnd,
        Problems = Problems,
    };

    private static string Describe(NativeRegionKind kind) => kind switch
    {
        NativeRegionKind.Section => "section",
        NativeRegionKind.Segment => "segment",
        NativeRegionKind.Note => "note",
        NativeRegionKind.Resource => "resource",
        NativeRegionKind.Table => "table",
        _ => "region",
    };
}
