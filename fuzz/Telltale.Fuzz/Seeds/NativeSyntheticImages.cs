using System.Buffers.Binary;
using System.Text;

namespace Telltale.Fuzz.Seeds;

// Adapted from tests/Telltale.Core.Tests/Artifacts/Native (the fuzzer must not depend on the test project).
/// <summary>
/// Builds small ELF, PE and Mach-O files byte by byte, so every layout the readers must handle (notes in
/// their own segment, big-endian headers, fat binaries, resource trees) has a fixture without a checked-in binary.
/// </summary>
internal static class NativeSyntheticImages
{
    public const ushort ElfMachineX86_64 = 62;
    public const uint ElfSectionProgBits = 1;
    public const uint ElfSectionStringTable = 3;
    public const uint ElfSectionNote = 7;
    public const uint ElfSectionNoBits = 8;
    public const uint MachCpuX86_64 = 0x0100_0007;
    public const uint MachCpuArm64 = 0x0100_000C;
    public const uint MachCpuPowerPc = 18;
    public const uint MachZeroFill = 1;

    /// <summary>Where the single resource's tree parts sit in <c>.rsrc</c> when <see cref="Pe"/> gets one resource.</summary>
    public const int SingleResourceRootTarget = 16 + 4;

    public const int SingleResourceNameTarget = 16 + 8 + 16 + 4;

    public const int SingleResourceLanguageTarget = 16 + 8 + 16 + 8 + 16 + 4;

    public sealed record ElfNote(string Name, byte[] Descriptor, uint Type = 0x4E4F4445);

    public sealed record ElfSection(string Name, uint Type, byte[] Data, ulong Alignment = 1);

    /// <summary>
    /// An ELF with one PT_LOAD over the whole file, and a PT_NOTE segment holding <paramref name="segmentNotes"/>
    /// when there are any (as postject lays out NODE_SEA_BLOB); <paramref name="sections"/> follow, then the
    /// section name table and the section header table.
    /// </summary>
    public static byte[] Elf(bool wide, bool bigEndian, IReadOnlyList<ElfNote> segmentNotes, IReadOnlyList<ElfSection> sections, bool noteSectionOverSegment = false)
    {
        var headerSize = wide ? 64 : 52;
        var programEntrySize = wide ? 56 : 32;
        var sectionEntrySize = wide ? 64 : 40;
        var programCount = segmentNotes.Count > 0 ? 2 : 1;
        var notes = Notes(segmentNotes, bigEndian);

        var notesAt = Align(headerSize + (programCount * programEntrySize), 8);
        var at = notesAt + notes.Length;
        var sectionOffsets = new List<int>();
        foreach (var section in sections)
        {
            at = Align(at, 8);
            sectionOffsets.Add(at);
            at += section.Type == ElfSectionNoBits ? 0 : section.Data.Length;
        }

        var names = new MemoryStream();
        names.WriteByte(0);
        var nameOffsets = new List<int>();
        foreach (var name in sections.Select(s => s.Name).Append(".shstrtab").Append(".note.sea"))
        {
            nameOffsets.Add((int)names.Length);
            names.Write(Encoding.ASCII.GetBytes(name + "\0"));
        }

        var namesAt = at;
        at += (int)names.Length;
        var sectionTableAt = Align(at, 8);
        var extraSections = noteSectionOverSegment ? 1 : 0;
        var sectionCount = sections.Count + 2 + extraSections;
        var file = new byte[sectionTableAt + (sectionCount * sectionEntrySize)];
        var put = new Writer(file, bigEndian);

        "\u007FELF"u8.CopyTo(file);
        file[4] = (byte)(wide ? 2 : 1);
        file[5] = (byte)(bigEndian ? 2 : 1);
        file[6] = 1;
        put.U16(16, 2);
        put.U16(18, ElfMachineX86_64);
        put.U32(20, 1);
        put.Word(wide ? 32 : 28, (ulong)headerSize, wide);
        put.Word(wide ? 40 : 32, (ulong)sectionTableAt, wide);
        var counts = wide ? 52 : 40;
        put.U16(counts, (ushort)headerSize);
        put.U16(counts + 2, (ushort)programEntrySize);
        put.U16(counts + 4, (ushort)programCount);
        put.U16(counts + 6, (ushort)sectionEntrySize);
        put.U16(counts + 8, (ushort)sectionCount);
        put.U16(counts + 10, (ushort)(sections.Count + 1));

        ProgramHeader(put, headerSize, wide, type: 1, 0, (ulong)file.Length, 0x1000);
        if (segmentNotes.Count > 0)
        {
            ProgramHeader(put, headerSize + programEntrySize, wide, type: 4, (ulong)notesAt, (ulong)notes.Length, 4);
            notes.CopyTo(file, notesAt);
        }

        for (var i = 0; i < sections.Count; i++)
        {
            if (sections[i].Type != ElfSectionNoBits)
            {
                sections[i].Data.CopyTo(file, sectionOffsets[i]);
            }

            var size = (ulong)sections[i].Data.Length;
            SectionHeader(put, sectionTableAt + ((i + 1) * sectionEntrySize), wide, (uint)nameOffsets[i], sections[i].Type, (ulong)sectionOffsets[i], size, sections[i].Alignment);
        }

        names.ToArray().CopyTo(file, namesAt);
        SectionHeader(put, sectionTableAt + ((sections.Count + 1) * sectionEntrySize), wide, (uint)nameOffsets[^2], ElfSectionStringTable, (ulong)namesAt, (ulong)names.Length, 1);
        if (noteSectionOverSegment)
        {
            SectionHeader(put, sectionTableAt + ((sections.Count + 2) * sectionEntrySize), wide, (uint)nameOffsets[^1], ElfSectionNote, (ulong)notesAt, (ulong)notes.Length, 4);
        }

        return file;
    }

    /// <summary>Notes in the on-disk format: name and descriptor each padded to 4 bytes.</summary>
    public static byte[] Notes(IReadOnlyList<ElfNote> notes, bool bigEndian)
    {
        var size = notes.Sum(n => 12 + Align(n.Name.Length + 1, 4) + Align(n.Descriptor.Length, 4));
        var bytes = new byte[size];
        var put = new Writer(bytes, bigEndian);
        var at = 0;
        foreach (var note in notes)
        {
            put.U32(at, (uint)(note.Name.Length + 1));
            put.U32(at + 4, (uint)note.Descriptor.Length);
            put.U32(at + 8, note.Type);
            Encoding.ASCII.GetBytes(note.Name).CopyTo(bytes, at + 12);
            at += 12 + Align(note.Name.Length + 1, 4);
            note.Descriptor.CopyTo(bytes, at);
            at += Align(note.Descriptor.Length, 4);
        }

        return bytes;
    }

    public static byte[] ElfWithSeaNote(byte[] blob, bool wide = true, bool bigEndian = false) =>
        Elf(wide, bigEndian, [new ElfNote("NODE_SEA_BLOB", blob)], [new ElfSection(".text", ElfSectionProgBits, [0xC3, 0x90, 0x90, 0x90])]);

    private static void ProgramHeader(Writer put, int at, bool wide, uint type, ulong offset, ulong size, ulong alignment)
    {
        put.U32(at, type);
        put.Word(at + (wide ? 8 : 4), offset, wide);
        put.Word(at + (wide ? 32 : 16), size, wide);
        put.Word(at + (wide ? 40 : 20), size, wide);
        put.Word(at + (wide ? 48 : 28), alignment, wide);
    }

    private static void SectionHeader(Writer put, int at, bool wide, uint name, uint type, ulong offset, ulong size, ulong alignment)
    {
        put.U32(at, name);
        put.U32(at + 4, type);
        put.Word(at + (wide ? 24 : 16), offset, wide);
        put.Word(at + (wide ? 32 : 20), size, wide);
        put.Word(at + (wide ? 48 : 32), alignment, wide);
    }

    public sealed record MachOSection(string Name, byte[] Data, uint Flags = 0, ulong ZeroFillSize = 0);

    public sealed record MachOSegment(string Name, params MachOSection[] Sections);

    /// <summary>
    /// A thin Mach-O: header, one LC_SEGMENT(_64) per segment, then each segment's sections back to back
    /// (zero-fill sections take no file bytes).
    /// </summary>
    public static byte[] MachO(bool wide, bool bigEndian, uint cpuType, params MachOSegment[] segments)
    {
        var headerSize = wide ? 32 : 28;
        var segmentSize = wide ? 72 : 56;
        var sectionSize = wide ? 80 : 68;
        var commandsSize = segments.Sum(s => segmentSize + (s.Sections.Length * sectionSize));
        var at = Align(headerSize + commandsSize, 16);
        var dataStart = at;
        var total = at + segments.Sum(s => s.Sections.Sum(x => Align(x.Data.Length, 16)));
        var file = new byte[total];
        var put = new Writer(file, bigEndian);

        put.U32(0, wide ? 0xFEEDFACFu : 0xFEEDFACEu);
        put.U32(4, cpuType);
        put.U32(12, 2);
        put.U32(16, (uint)segments.Length);
        put.U32(20, (uint)commandsSize);

        var command = headerSize;
        at = dataStart;
        foreach (var segment in segments)
        {
            var segmentStart = at;
            var size = segmentSize + (segment.Sections.Length * sectionSize);
            put.U32(command, wide ? 0x19u : 0x1u);
            put.U32(command + 4, (uint)size);
            Encoding.ASCII.GetBytes(segment.Name).CopyTo(file, command + 8);
            for (var i = 0; i < segment.Sections.Length; i++)
            {
                var section = segment.Sections[i];
                var header = command + segmentSize + (i * sectionSize);
                Encoding.ASCII.GetBytes(section.Name).CopyTo(file, header);
                Encoding.ASCII.GetBytes(segment.Name).CopyTo(file, header + 16);
                var zeroFill = (section.Flags & 0xFF) == MachZeroFill;
                put.Word(header + (wide ? 40 : 36), zeroFill ? section.ZeroFillSize : (ulong)section.Data.Length, wide);
                put.U32(header + (wide ? 48 : 40), zeroFill ? 0u : (uint)at);
                put.U32(header + (wide ? 64 : 56), section.Flags);
                if (!zeroFill)
                {
                    section.Data.CopyTo(file, at);
                    at += Align(section.Data.Length, 16);
                }
            }

            put.Word(command + (wide ? 40 : 32), (ulong)segmentStart, wide);
            put.Word(command + (wide ? 48 : 36), (ulong)(at - segmentStart), wide);
            put.U32(command + (wide ? 64 : 48), (uint)segment.Sections.Length);
            command += size;
        }

        return file;
    }

    public static byte[] MachOWithBunSection(byte[] graph, uint cpuType = MachCpuArm64) =>
        MachO(wide: true, bigEndian: false, cpuType,
            new MachOSegment("__TEXT", new MachOSection("__text", [0xC0, 0x03, 0x5F, 0xD6])),
            new MachOSegment("__BUN", new MachOSection("__bun", graph)));

    /// <summary>A universal binary with the slices at 16 KiB-aligned offsets, as lipo lays them out for arm64.</summary>
    public static byte[] Fat(bool wide, params (uint CpuType, byte[] Image)[] slices)
    {
        const int alignment = 0x4000;
        var entrySize = wide ? 32 : 20;
        var offsets = new List<int>();
        var at = Align(8 + (slices.Length * entrySize), alignment);
        foreach (var (_, image) in slices)
        {
            offsets.Add(at);
            at = Align(at + image.Length, alignment);
        }

        var file = new byte[offsets[^1] + slices[^1].Image.Length];
        var put = new Writer(file, bigEndian: true);
        put.U32(0, wide ? 0xCAFEBABFu : 0xCAFEBABEu);
        put.U32(4, (uint)slices.Length);
        for (var i = 0; i < slices.Length; i++)
        {
            var entry = 8 + (i * entrySize);
            put.U32(entry, slices[i].CpuType);
            put.Word(entry + 8, (ulong)offsets[i], wide);
            put.Word(entry + (wide ? 16 : 12), (ulong)slices[i].Image.Length, wide);
            put.U32(entry + (wide ? 24 : 16), 14);
            slices[i].Image.CopyTo(file, offsets[i]);
        }

        return file;
    }

    public sealed record PeResource(object Type, object Name, byte[] Data);

    public sealed record PeSectionData(string Name, byte[] Data);

    public const int PeFileAlignment = 0x200;
    public const int PeSectionAlignment = 0x1000;

    /// <summary>
    /// A PE32+ (x86-64) image: <paramref name="sections"/>, then a <c>.rsrc</c> section holding
    /// <paramref name="resources"/> (type → name → language 1033 → data), then an optional certificate
    /// table after the last section, where Authenticode puts it.
    /// </summary>
    public static byte[] Pe(IReadOnlyList<PeSectionData> sections, IReadOnlyList<PeResource> resources, byte[]? certificate = null, (uint Rva, uint Size) clrDirectory = default)
    {
        const int lfanew = 0x40;
        const int optionalSize = 240;
        var all = sections.ToList();
        var resourceIndex = -1;
        if (resources.Count > 0)
        {
            resourceIndex = all.Count;
            all.Add(new PeSectionData(".rsrc", []));
        }

        var tableAt = lfanew + 24 + optionalSize;
        var headersSize = Align(tableAt + (all.Count * 40), PeFileAlignment);
        var rvas = new int[all.Count];
        var raws = new int[all.Count];
        var rva = PeSectionAlignment;
        var raw = headersSize;
        for (var i = 0; i < all.Count; i++)
        {
            rvas[i] = rva;
            raws[i] = raw;
            if (i == resourceIndex)
            {
                all[i] = all[i] with { Data = ResourceSection(resources, (uint)rva) };
            }

            rva = Align(rva + Math.Max(all[i].Data.Length, 1), PeSectionAlignment);
            raw += Align(all[i].Data.Length, PeFileAlignment);
        }

        var certificateAt = Align(raw, 8);
        var file = new byte[certificate is null ? raw : certificateAt + certificate.Length];
        var put = new Writer(file, bigEndian: false);
        "MZ"u8.CopyTo(file);
        put.U32(0x3C, lfanew);
        "PE\0\0"u8.CopyTo(file.AsSpan(lfanew));
        put.U16(lfanew + 4, 0x8664);
        put.U16(lfanew + 6, (ushort)all.Count);
        put.U16(lfanew + 20, optionalSize);
        put.U16(lfanew + 22, 0x22);

        var optional = lfanew + 24;
        put.U16(optional, 0x20B);
        put.U32(optional + 32, PeSectionAlignment);
        put.U32(optional + 36, PeFileAlignment);
        put.U32(optional + 56, (uint)rva);
        put.U32(optional + 60, (uint)headersSize);
        put.U16(optional + 68, 3);
        put.U32(optional + 108, 16);
        if (resourceIndex >= 0)
        {
            put.U32(optional + 112 + (2 * 8), (uint)rvas[resourceIndex]);
            put.U32(optional + 112 + (2 * 8) + 4, (uint)all[resourceIndex].Data.Length);
        }

        if (certificate is not null)
        {
            put.U32(optional + 112 + (4 * 8), (uint)certificateAt);
            put.U32(optional + 112 + (4 * 8) + 4, (uint)certificate.Length);
            certificate.CopyTo(file, certificateAt);
        }

        put.U32(optional + 112 + (14 * 8), clrDirectory.Rva);
        put.U32(optional + 112 + (14 * 8) + 4, clrDirectory.Size);

        for (var i = 0; i < all.Count; i++)
        {
            var header = tableAt + (i * 40);
            Encoding.ASCII.GetBytes(all[i].Name).CopyTo(file, header);
            put.U32(header + 8, (uint)Math.Max(all[i].Data.Length, 1));
            put.U32(header + 12, (uint)rvas[i]);
            put.U32(header + 16, (uint)Align(all[i].Data.Length, PeFileAlignment));
            put.U32(header + 20, all[i].Data.Length == 0 ? 0u : (uint)raws[i]);
            put.U32(header + 36, i == 0 ? 0x6000_0020u : 0x4000_0040u);
            all[i].Data.CopyTo(file, raws[i]);
        }

        return file;
    }

    public static byte[] PeWithSeaResource(byte[] blob) =>
        Pe([new PeSectionData(".text", [0xC3])], [new PeResource(10, "NODE_SEA_BLOB", blob)]);

    /// <summary>
    /// A resource tree laid out breadth first: root, type directories, language directories, data
    /// entries, name strings, then the data (8-aligned), every offset relative to the section start.
    /// </summary>
    private static byte[] ResourceSection(IReadOnlyList<PeResource> resources, uint sectionRva)
    {
        var types = resources.GroupBy(r => r.Type).ToList();
        var rootSize = 16 + (types.Count * 8);
        var typeDirectoriesAt = rootSize;
        var typeDirectorySizes = types.Select(t => 16 + (t.Count() * 8)).ToList();
        var languageDirectoriesAt = typeDirectoriesAt + typeDirectorySizes.Sum();
        var dataEntriesAt = languageDirectoriesAt + (resources.Count * 24);
        var stringsAt = dataEntriesAt + (resources.Count * 16);

        var strings = new MemoryStream();
        var stringOffsets = new Dictionary<string, int>();
        foreach (var name in resources.SelectMany(r => new[] { r.Type, r.Name }).OfType<string>().Distinct())
        {
            stringOffsets[name] = stringsAt + (int)strings.Length;
            strings.Write(BitConverter.GetBytes((ushort)name.Length));
            strings.Write(Encoding.Unicode.GetBytes(name));
        }

        var dataAt = Align(stringsAt + (int)strings.Length, 8);
        var total = dataAt + resources.Sum(r => Align(r.Data.Length, 8));
        var bytes = new byte[total];
        var put = new Writer(bytes, bigEndian: false);
        strings.ToArray().CopyTo(bytes, stringsAt);

        uint Label(object label) => label is string s ? 0x8000_0000u | (uint)stringOffsets[s] : Convert.ToUInt32(label, System.Globalization.CultureInfo.InvariantCulture);

        put.U16(14, (ushort)types.Count);
        var typeDirectory = typeDirectoriesAt;
        var resource = 0;
        var data = dataAt;
        for (var t = 0; t < types.Count; t++)
        {
            put.U32(16 + (t * 8), Label(types[t].Key));
            put.U32(16 + (t * 8) + 4, 0x8000_0000u | (uint)typeDirectory);
            var members = types[t].ToList();
            put.U16(typeDirectory + 14, (ushort)members.Count);
            for (var n = 0; n < members.Count; n++, resource++)
            {
                var languageDirectory = languageDirectoriesAt + (resource * 24);
                put.U32(typeDirectory + 16 + (n * 8), Label(members[n].Name));
                put.U32(typeDirectory + 16 + (n * 8) + 4, 0x8000_0000u | (uint)languageDirectory);
                var dataEntry = dataEntriesAt + (resource * 16);
                put.U16(languageDirectory + 14, 1);
                put.U32(languageDirectory + 16, 1033);
                put.U32(languageDirectory + 20, (uint)dataEntry);
                put.U32(dataEntry, sectionRva + (uint)data);
                put.U32(dataEntry + 4, (uint)members[n].Data.Length);
                members[n].Data.CopyTo(bytes, data);
                data += Align(members[n].Data.Length, 8);
            }

            typeDirectory += typeDirectorySizes[t];
        }

        return bytes;
    }

    public static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    /// <summary>Writes header fields in one byte order.</summary>
    public readonly struct Writer(byte[] file, bool bigEndian)
    {
        public void U16(int at, ushort value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at), value);
            }
        }

        public void U32(int at, uint value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), value);
            }
        }

        public void U64(int at, ulong value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(at), value);
            }
        }

        public void Word(int at, ulong value, bool wide)
        {
            if (wide)
            {
                U64(at, value);
            }
            else
            {
                U32(at, (uint)value);
            }
        }
    }
}
