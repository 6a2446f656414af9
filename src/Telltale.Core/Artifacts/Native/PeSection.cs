namespace Telltale.Artifacts.Native;

/// <summary>One PE section header: where the section is mapped and where its bytes are in the file.</summary>
internal readonly record struct PeSection(uint VirtualAddress, uint VirtualSize, uint RawOffset, uint RawSize)
{
    /// <summary>
    /// The file offset of <paramref name="rva"/>, and how many bytes of the same section follow it in the
    /// file. An address in a section's zero-filled tail (past its raw data) has no file offset.
    /// </summary>
    /// <param name="byAddress">Sections ordered by <see cref="VirtualAddress"/>. The loader requires ascending,
    /// non-overlapping sections, so only the last one starting at or below the address is looked at; that keeps
    /// a lookup logarithmic when a hostile file has 65,535 sections and as many resources.</param>
    public static bool TryMap(PeSection[] byAddress, uint rva, long fileLength, out ulong offset, out ulong available)
    {
        offset = 0;
        available = 0;
        int low = 0, high = byAddress.Length - 1, candidate = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (byAddress[middle].VirtualAddress <= rva)
            {
                candidate = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (candidate < 0)
        {
            return false;
        }

        var section = byAddress[candidate];
        var delta = rva - section.VirtualAddress;
        var start = (ulong)section.RawOffset + delta;
        if (delta >= Math.Max(section.VirtualSize, section.RawSize) || delta >= section.RawSize || start >= (ulong)fileLength)
        {
            return false;
        }

        offset = start;
        available = Math.Min(section.RawSize - delta, (ulong)fileLength - start);
        return true;
    }
}
