namespace Telltale.Artifacts.Native;

/// <summary>
/// The layout of an ELF, PE or Mach-O file: enough to find embedded payloads, nothing more.
/// Every count, offset and size in the headers is checked against the file; a malformed header never
/// throws, it either yields no image (<see cref="TryRead"/> returns null with a reason) or leaves the
/// bad part out and says so in <see cref="Problems"/>.
/// </summary>
public sealed class NativeImage
{
    public required NativeFormat Format { get; init; }

    /// <summary>Machine name such as <c>x86-64</c>, <c>arm64</c>, <c>i386</c>; <c>universal</c> for a fat Mach-O.</summary>
    public required string Architecture { get; init; }

    public required IReadOnlyList<NativeRegion> Regions { get; init; }

    /// <summary>The architectures of a universal Mach-O, each with file-absolute regions; empty otherwise.</summary>
    public IReadOnlyList<NativeImage> Slices { get; init; } = [];

    /// <summary>
    /// End of the last byte the headers account for. Bytes past it are an overlay: data appended to the
    /// executable (older Bun builds, pkg payloads) that the loader never maps.
    /// </summary>
    /// <remarks>
    /// Counted: the file header; ELF program and section header tables, sections (symbol and string tables
    /// among them) and segments; PE headers (SizeOfHeaders), section table, sections' raw data, the
    /// certificate table and a COFF symbol and string table; Mach-O load commands, segments (so
    /// __LINKEDIT) and sections, and the symbol, dyld-info and linkedit-data tables; for a universal
    /// binary its slices. A range that starts in the file and runs past its end counts up to the end (the
    /// file is truncated, not followed by an overlay); one that starts past the end does not count. Never
    /// more than the file length. Data inside the image that no header claims (a gap between sections)
    /// is not reported.
    /// </remarks>
    public required long ImageEnd { get; init; }

    /// <summary>Headers that were out of bounds or inconsistent and were skipped; one line each.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>True when the first bytes carry an ELF, PE (MZ) or Mach-O (thin or fat) magic.</summary>
    /// <remarks>
    /// When <paramref name="head"/> is long enough, two look-alikes are told apart: an MZ file without
    /// <c>PE\0\0</c> at e_lfanew (an MS-DOS program) and a Java class file, which shares the fat Mach-O magic.
    /// </remarks>
    public static bool HasNativeMagic(ReadOnlySpan<byte> head) =>
        ElfReader.HasMagic(head) || PeReader.HasMagic(head) || MachOReader.HasMagic(head);

    /// <summary>Reads the layout; null with <paramref name="problem"/> set when this is not a readable executable.</summary>
    /// <remarks>
    /// Reads only headers and the tables they point to (ELF notes, the PE resource tree), never the whole
    /// file, and does not copy <paramref name="content"/>. Regions always have file bytes: zero-size
    /// sections and segments, ELF SHT_NOBITS sections and Mach-O zero-fill sections are not regions. Notes
    /// and resources are kept even when empty, since their name is the information.
    /// </remarks>
    public static NativeImage? TryRead(ReadOnlySpan<byte> content, out string? problem)
    {
        if (ElfReader.HasMagic(content))
        {
            return ElfReader.TryRead(content, out problem);
        }

        if (content.StartsWith("MZ"u8))
        {
            return PeReader.TryRead(content, out problem);
        }

        if (MachOReader.HasMagic(content))
        {
            return MachOReader.TryRead(content, out problem);
        }

        problem = "not an ELF, PE or Mach-O file";
        return null;
    }

    /// <summary>
    /// Debug information and symbol tables, in this image and its slices: DWARF sections (ELF and PE
    /// <c>.debug_*</c>, <c>.zdebug_*</c>, Mach-O <c>__DWARF</c>), stabs, symbol and symbol-string tables (<c>.symtab</c>,
    /// <c>.strtab</c>, <c>.dynsym</c>, <c>.dynstr</c>, the Mach-O LC_SYMTAB tables, the PE COFF symbol table), Go's
    /// line and symbol tables, and the PE debug directory with its data.
    /// </summary>
    /// <remarks>
    /// They hold names, paths and numbers that the toolchain writes, never text the program uses: the raw xor sweep
    /// does not report hits inside them, where megabytes of identifiers and varints make any six-byte indicator
    /// appear under some key.
    /// </remarks>
    public IEnumerable<NativeRegion> DebugAndSymbolRegions() =>
        Regions.Where(IsDebugOrSymbols).Concat(Slices.SelectMany(s => s.DebugAndSymbolRegions()));

    /// <summary>True for a region that <see cref="DebugAndSymbolRegions"/> lists.</summary>
    public static bool IsDebugOrSymbols(NativeRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return region.Kind switch
        {
            NativeRegionKind.Section => IsDebugOrSymbolSectionName(region.Name),
            NativeRegionKind.Segment => region.Name == "__DWARF",
            NativeRegionKind.Table => true,
            _ => false,
        };
    }

    private static readonly string[] DebugSectionPrefixes = [".debug", ".zdebug", ".gnu_debug", ".stab", "__debug_", "__zdebug_"];

    private static readonly HashSet<string> SymbolSectionNames = new(StringComparer.Ordinal)
    {
        ".symtab", ".strtab", ".symtab_shndx", ".dynsym", ".dynstr", ".gdb_index", ".gopclntab", ".gosymtab", "__gopclntab", "__gosymtab",
    };

    /// <summary>ELF and PE names as they are; Mach-O names are <c>SEGMENT,section</c>, judged by both parts.</summary>
    private static bool IsDebugOrSymbolSectionName(string name)
    {
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0 && name.AsSpan(0, comma).SequenceEqual("__DWARF"))
        {
            return true;
        }

        var section = comma >= 0 ? name[(comma + 1)..] : name;
        return SymbolSectionNames.Contains(section) || DebugSectionPrefixes.Any(p => section.StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>The regions with this name, in this image and its slices.</summary>
    public IEnumerable<NativeRegion> Find(string name) =>
        Regions.Where(r => r.Name == name).Concat(Slices.SelectMany(s => s.Find(name)));
}
