namespace Telltale.Artifacts.Native;

/// <summary>
/// ELF layout: sections (named from the section-name string table), program headers as segments, and
/// the notes of every PT_NOTE segment and SHT_NOTE section. Node SEA's postject puts its NODE_SEA_BLOB
/// note in a PT_NOTE segment of its own with no section, and Bun puts its graph in a <c>.bun</c>
/// section, so both tables are read.
/// </summary>
internal static class ElfReader
{
    /// <summary>Section and program headers read at most; ELF's own extended numbering allows 2^32.</summary>
    public const int MaxEntries = 65_536;

    /// <summary>Notes read at most across all note containers: each note costs a loop step and a region.</summary>
    public const int MaxNotes = 65_536;

    private const uint SectionTypeNull = 0;
    private const uint SectionTypeNote = 7;
    private const uint SectionTypeNoBits = 8;
    private const uint SegmentTypeNote = 4;
    private const ushort ExtendedNumbering = 0xFFFF;
    private const int NoteHeaderSize = 12;

    public static bool HasMagic(ReadOnlySpan<byte> head) => head.StartsWith("\u007FELF"u8);

    public static NativeImage? TryRead(ReadOnlySpan<byte> content, out string? problem)
    {
        problem = null;
        if (!HasMagic(content) || content.Length < 16)
        {
            problem = "ELF identification is truncated";
            return null;
        }

        var elfClass = content[4];
        var byteOrder = content[5];
        if (elfClass is not (1 or 2))
        {
            problem = $"ELF class {elfClass} is neither 32-bit nor 64-bit";
            return null;
        }

        if (byteOrder is not (1 or 2))
        {
            problem = $"ELF data encoding {byteOrder} is neither little- nor big-endian";
            return null;
        }

        var layout = new ElfLayout(elfClass == 2, byteOrder == 2);
        if (!NativeFields.TryRead(content, 0, layout.HeaderSize, layout.BigEndian, out var header))
        {
            problem = $"ELF header is truncated: {content.Length} of {layout.HeaderSize} bytes";
            return null;
        }

        var builder = new NativeLayoutBuilder(content.Length);
        builder.Claim(0, (ulong)layout.HeaderSize);

        var machine = header.U16(18);
        var programOffset = header.Word(layout.Wide ? 32 : 28, layout.Wide);
        var sectionOffset = header.Word(layout.Wide ? 40 : 32, layout.Wide);
        var at = layout.Wide ? 54 : 42;
        var programEntrySize = header.U16(at);
        ulong programCount = header.U16(at + 2);
        var sectionEntrySize = header.U16(at + 4);
        ulong sectionCount = header.U16(at + 6);
        ulong nameTableIndex = header.U16(at + 8);

        // Extended numbering: when a count overflows 16 bits, the real value lives in section 0.
        if (sectionOffset != 0 && sectionEntrySize >= layout.SectionEntrySize
            && NativeFields.TryRead(content, sectionOffset, layout.SectionEntrySize, layout.BigEndian, out var first))
        {
            if (sectionCount == 0)
            {
                sectionCount = layout.Wide ? first.U64(32) : first.U32(20);
            }

            if (nameTableIndex == ExtendedNumbering)
            {
                nameTableIndex = first.U32(layout.Wide ? 40 : 24);
            }

            if (programCount == ExtendedNumbering)
            {
                programCount = first.U32(layout.Wide ? 44 : 28);
            }
        }

        var notes = new NoteCollector(content, layout, builder);
        ReadSegments(content, layout, builder, ref notes, programOffset, programCount, programEntrySize);
        ReadSections(content, layout, builder, ref notes, sectionOffset, sectionCount, sectionEntrySize, nameTableIndex);
        notes.AddRegions();

        return builder.Build(NativeFormat.Elf, MachineName(machine));
    }

    private static void ReadSegments(
        ReadOnlySpan<byte> content, ElfLayout layout, NativeLayoutBuilder builder, ref NoteCollector notes,
        ulong tableOffset, ulong count, int entrySize)
    {
        var entries = CheckTable(content.Length, builder, "program header", tableOffset, count, entrySize, layout.ProgramEntrySize);
        for (var i = 0; i < entries; i++)
        {
            if (!NativeFields.TryRead(content, tableOffset + ((ulong)i * (ulong)entrySize), layout.ProgramEntrySize, layout.BigEndian, out var entry))
            {
                break;
            }

            var type = entry.U32(0);
            var offset = entry.Word(layout.Wide ? 8 : 4, layout.Wide);
            var size = entry.Word(layout.Wide ? 32 : 16, layout.Wide);
            var alignment = entry.Word(layout.Wide ? 48 : 28, layout.Wide);
            if (size == 0)
            {
                continue;
            }

            if (builder.TryAdd(NativeRegionKind.Segment, SegmentName(type), offset, size) && type == SegmentTypeNote)
            {
                notes.Read(offset, size, alignment);
            }
        }
    }

    private static void ReadSections(
        ReadOnlySpan<byte> content, ElfLayout layout, NativeLayoutBuilder builder, ref NoteCollector notes,
        ulong tableOffset, ulong count, int entrySize, ulong nameTableIndex)
    {
        var entries = CheckTable(content.Length, builder, "section header", tableOffset, count, entrySize, layout.SectionEntrySize);
        if (entries == 0)
        {
            return;
        }

        var nameTable = ReadOnlySpan<byte>.Empty;
        if (nameTableIndex < (ulong)entries
            && NativeFields.TryRead(content, tableOffset + (nameTableIndex * (ulong)entrySize), layout.SectionEntrySize, layout.BigEndian, out var names))
        {
            var offset = names.Word(layout.Wide ? 24 : 16, layout.Wide);
            var size = names.Word(layout.Wide ? 32 : 20, layout.Wide);
            if (offset < (ulong)content.Length)
            {
                nameTable = content.Slice((int)offset, (int)Math.Min(size, (ulong)content.Length - offset));
            }
            else
            {
                builder.Problem($"section name table at {offset} lies outside the file; sections are named by index");
            }
        }
        else if (nameTableIndex != 0)
        {
            builder.Problem($"section name table index {nameTableIndex} is not a readable section; sections are named by index");
        }

        // Many sections may share one name offset; decode each offset once.
        var decoded = new Dictionary<uint, string>();
        for (var i = 0; i < entries; i++)
        {
            if (!NativeFields.TryRead(content, tableOffset + ((ulong)i * (ulong)entrySize), layout.SectionEntrySize, layout.BigEndian, out var entry))
            {
                break;
            }

            var type = entry.U32(4);
            var offset = entry.Word(layout.Wide ? 24 : 16, layout.Wide);
            var size = entry.Word(layout.Wide ? 32 : 20, layout.Wide);
            var alignment = entry.Word(layout.Wide ? 48 : 32, layout.Wide);
            if (type is SectionTypeNull or SectionTypeNoBits || size == 0)
            {
                continue;
            }

            var nameOffset = entry.U32(0);
            if (!decoded.TryGetValue(nameOffset, out var name))
            {
                name = NativeNames.FromNulTerminated(nameTable, nameOffset);
                if (name.Length == 0)
                {
                    name = "#" + i;
                }
                else
                {
                    decoded[nameOffset] = name;
                }
            }

            if (builder.TryAdd(NativeRegionKind.Section, name, offset, size) && type == SectionTypeNote)
            {
                notes.Read(offset, size, alignment);
            }
        }
    }

    /// <summary>
    /// How many entries of a header table can be read: the table is claimed for <see cref="NativeImage.ImageEnd"/>,
    /// and the count is cut to what the file holds (and to <see cref="MaxEntries"/>) before anything is allocated or looped.
    /// </summary>
    private static int CheckTable(long fileLength, NativeLayoutBuilder builder, string what, ulong offset, ulong count, int entrySize, int minimumEntrySize)
    {
        if (count == 0)
        {
            return 0;
        }

        if (entrySize < minimumEntrySize)
        {
            builder.Problem($"{what} entries are {entrySize} bytes, less than the {minimumEntrySize} the format needs; table skipped");
            return 0;
        }

        var tableSize = NativeBounds.Product(count, (ulong)entrySize);
        builder.Claim(offset, tableSize);
        if (offset >= (ulong)fileLength)
        {
            builder.Problem($"{what} table at {offset} lies outside the {fileLength}-byte file; skipped");
            return 0;
        }

        var fitting = ((ulong)fileLength - offset) / (ulong)entrySize;
        if (fitting < count)
        {
            builder.Problem($"{what} table claims {count} entries but the file holds {fitting}; reading those");
        }

        var entries = Math.Min(count, fitting);
        if (entries > MaxEntries)
        {
            builder.Problem($"{what} table has {entries} entries; reading the first {MaxEntries}");
            entries = MaxEntries;
        }

        return (int)entries;
    }

    private static string SegmentName(uint type) => type switch
    {
        0 => "PT_NULL",
        1 => "PT_LOAD",
        2 => "PT_DYNAMIC",
        3 => "PT_INTERP",
        4 => "PT_NOTE",
        5 => "PT_SHLIB",
        6 => "PT_PHDR",
        7 => "PT_TLS",
        0x6474E550 => "PT_GNU_EH_FRAME",
        0x6474E551 => "PT_GNU_STACK",
        0x6474E552 => "PT_GNU_RELRO",
        0x6474E553 => "PT_GNU_PROPERTY",
        0x6474E554 => "PT_GNU_SFRAME",
        _ => $"PT_0x{type:X8}",
    };

    private static string MachineName(ushort machine) => machine switch
    {
        2 => "sparc",
        3 => "i386",
        8 => "mips",
        20 => "ppc",
        21 => "ppc64",
        22 => "s390x",
        40 => "arm",
        43 => "sparcv9",
        62 => "x86-64",
        183 => "arm64",
        243 => "riscv",
        258 => "loongarch",
        _ => $"elf-machine-{machine}",
    };

    private readonly record struct ElfLayout(bool Wide, bool BigEndian)
    {
        public int HeaderSize => Wide ? 64 : 52;

        public int ProgramEntrySize => Wide ? 56 : 32;

        public int SectionEntrySize => Wide ? 64 : 40;
    }

    /// <summary>
    /// Reads notes from segments and sections. The same note is usually reachable through both a PT_NOTE
    /// segment and an SHT_NOTE section, so notes are kept once per descriptor range.
    /// </summary>
    private ref struct NoteCollector
    {
        private readonly ReadOnlySpan<byte> content;
        private readonly ElfLayout layout;
        private readonly NativeLayoutBuilder builder;
        private readonly List<(string Name, long Offset, long Length)> found;
        private readonly HashSet<(long, long)> seen;
        private int steps;

        public NoteCollector(ReadOnlySpan<byte> content, ElfLayout layout, NativeLayoutBuilder builder)
        {
            this.content = content;
            this.layout = layout;
            this.builder = builder;
            found = [];
            seen = [];
        }

        /// <summary>Walks one note container already checked to lie in the file.</summary>
        public void Read(ulong offset, ulong size, ulong alignment)
        {
            // Notes are 4-aligned except in containers aligned to 8 (GNU property notes in ELF64).
            var align = alignment == 8 ? 8UL : 4UL;
            var end = offset + size;
            var at = offset;
            while (end - at >= NoteHeaderSize)
            {
                if (++steps > MaxNotes)
                {
                    if (steps == MaxNotes + 1)
                    {
                        builder.Problem($"more than {MaxNotes} notes; the rest are left out");
                    }

                    return;
                }

                if (!NativeFields.TryRead(content, at, NoteHeaderSize, layout.BigEndian, out var header))
                {
                    return;
                }

                ulong nameSize = header.U32(0);
                ulong descriptorSize = header.U32(4);
                var descriptorAt = NativeBounds.AlignUp(at + NoteHeaderSize + nameSize, align);
                var next = NativeBounds.AlignUp(NativeBounds.End(descriptorAt, descriptorSize), align);
                if (descriptorAt > end || descriptorSize > end - descriptorAt)
                {
                    builder.Problem($"note at {at} claims {nameSize} name and {descriptorSize} descriptor bytes past the end of its {size}-byte container; rest of the container skipped");
                    return;
                }

                var name = NativeNames.FromNulTerminated(content.Slice((int)(at + NoteHeaderSize), (int)nameSize), 0);
                if (seen.Add(((long)descriptorAt, (long)descriptorSize)))
                {
                    found.Add((name, (long)descriptorAt, (long)descriptorSize));
                }

                // The header alone moves the cursor forward, so a malformed note cannot stall the loop.
                at = Math.Max(next, at + NoteHeaderSize);
                if (at > end)
                {
                    return;
                }
            }
        }

        public readonly void AddRegions()
        {
            foreach (var (name, offset, length) in found)
            {
                builder.TryAdd(NativeRegionKind.Note, name, (ulong)offset, (ulong)length);
            }
        }
    }
}
