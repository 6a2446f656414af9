namespace Telltale.Artifacts.Native;

/// <summary>
/// PE layout: sections and the resources of the resource directory (Node SEA stores its blob as
/// <c>RCDATA/NODE_SEA_BLOB</c>, Bun its graph in a <c>.bun</c> section).
/// </summary>
/// <remarks>
/// The headers are read here rather than with <c>System.Reflection.PortableExecutable.PEHeaders</c>:
/// PEHeaders rejects the whole file when the CLI header or metadata directory is inconsistent, which a
/// native executable never uses, so one bad directory entry would hide every section and resource.
/// </remarks>
internal static class PeReader
{
    /// <summary>Resource directory entries examined at most. Overlapping directories could otherwise make the walk quadratic.</summary>
    public const int MaxResourceEntries = 65_536;

    private const int DosHeaderSize = 0x40;
    private const int LfanewOffset = 0x3C;
    private const int CoffHeaderSize = 24;
    private const int SectionHeaderSize = 40;
    private const int CoffSymbolSize = 18;
    private const ushort Pe32Magic = 0x10B;
    private const ushort Pe32PlusMagic = 0x20B;
    private const int ResourceDirectory = 2;
    private const int CertificateDirectory = 4;
    private const int DebugDirectory = 6;
    private const int DebugEntrySize = 28;

    /// <summary>Debug directory entries read at most; real images have a handful.</summary>
    public const int MaxDebugEntries = 256;
    private const int MaxDirectories = 16;

    /// <summary>Type, name, language: the depth the Windows resource loader reads.</summary>
    private const int ResourceLevels = 3;

    /// <summary>"MZ", and "PE\0\0" at e_lfanew when the head is long enough to show it.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith("MZ"u8))
        {
            return false;
        }

        if (!NativeFields.TryRead(head, 0, DosHeaderSize, bigEndian: false, out var dos))
        {
            return true;
        }

        var lfanew = dos.U32(LfanewOffset);
        return !NativeFields.TryRead(head, lfanew, 4, bigEndian: false, out var signature) || signature.Bytes(0, 4).SequenceEqual("PE\0\0"u8);
    }

    public static NativeImage? TryRead(ReadOnlySpan<byte> content, out string? problem)
    {
        problem = null;
        if (!NativeFields.TryRead(content, 0, DosHeaderSize, bigEndian: false, out var dos) || !content.StartsWith("MZ"u8))
        {
            problem = "DOS header is truncated";
            return null;
        }

        ulong lfanew = dos.U32(LfanewOffset);
        if (!NativeFields.TryRead(content, lfanew, CoffHeaderSize, bigEndian: false, out var coff))
        {
            problem = $"PE header at {lfanew} lies outside the {content.Length}-byte file";
            return null;
        }

        if (!coff.Bytes(0, 4).SequenceEqual("PE\0\0"u8))
        {
            problem = $"no PE signature at {lfanew} (an MS-DOS program, or not an executable)";
            return null;
        }

        var builder = new NativeLayoutBuilder(content.Length);
        var machine = coff.U16(4);
        ulong sectionCount = coff.U16(6);
        ulong symbolTable = coff.U32(12);
        ulong symbolCount = coff.U32(16);
        ulong optionalSize = coff.U16(20);
        var optionalAt = lfanew + CoffHeaderSize;
        builder.Claim(0, optionalAt + optionalSize);

        var directories = ReadDirectories(content, builder, optionalAt, optionalSize);
        var stringTable = ClaimSymbolTable(content, builder, symbolTable, symbolCount);
        var sections = ReadSections(content, builder, optionalAt + optionalSize, sectionCount, stringTable);

        // The certificate directory holds a file offset, not an RVA: Authenticode data is never mapped.
        var certificate = directories[CertificateDirectory];
        if (certificate.Size != 0)
        {
            builder.Claim(certificate.Address, certificate.Size);
            if (!NativeBounds.Fits(certificate.Address, certificate.Size, content.Length))
            {
                builder.Problem($"certificate table at {certificate.Address} with {certificate.Size} bytes lies outside the file");
            }
        }

        var resources = directories[ResourceDirectory];
        if (resources.Size != 0)
        {
            new ResourceWalker(content, sections, builder).Walk(resources.Address);
        }

        if (directories[DebugDirectory].Size != 0)
        {
            ReadDebugDirectory(content, builder, sections, directories[DebugDirectory]);
        }

        return builder.Build(NativeFormat.Pe, MachineName(machine));
    }

    private static DataDirectory[] ReadDirectories(ReadOnlySpan<byte> content, NativeLayoutBuilder builder, ulong optionalAt, ulong optionalSize)
    {
        var directories = new DataDirectory[MaxDirectories];
        if (optionalSize < 2 || !NativeFields.TryRead(content, optionalAt, (int)Math.Min(optionalSize, 0xFFFF), bigEndian: false, out var optional))
        {
            if (optionalSize != 0)
            {
                builder.Problem($"optional header of {optionalSize} bytes at {optionalAt} is truncated; no data directories");
            }

            return directories;
        }

        var magic = optional.U16(0);
        var (countAt, tableAt) = magic switch
        {
            Pe32Magic => (92, 96),
            Pe32PlusMagic => (108, 112),
            _ => (-1, -1),
        };
        if (countAt < 0)
        {
            builder.Problem($"optional header magic 0x{magic:X} is neither PE32 nor PE32+; no data directories");
            return directories;
        }

        builder.Claim(0, optional.U32(60));
        var count = (int)Math.Min(optional.U32(countAt), MaxDirectories);
        for (var i = 0; i < count && tableAt + (8 * i) + 8 <= optional.Length; i++)
        {
            directories[i] = new DataDirectory(optional.U32(tableAt + (8 * i)), optional.U32(tableAt + (8 * i) + 4));
        }

        return directories;
    }

    /// <summary>
    /// Claims the COFF symbol and string tables (MinGW and Go leave them in images, after the last
    /// section) and returns the string table, which long section names such as <c>/4</c> refer to.
    /// </summary>
    private static ReadOnlySpan<byte> ClaimSymbolTable(ReadOnlySpan<byte> content, NativeLayoutBuilder builder, ulong offset, ulong count)
    {
        if (offset == 0)
        {
            return [];
        }

        var symbolsSize = NativeBounds.Product(count, CoffSymbolSize);
        var stringsAt = NativeBounds.End(offset, symbolsSize);
        if (!NativeFields.TryRead(content, stringsAt, 4, bigEndian: false, out var stringsSize))
        {
            builder.Claim(offset, symbolsSize);
            builder.Problem($"COFF symbol table at {offset} with {count} symbols lies outside the file");
            return [];
        }

        ulong stringsLength = stringsSize.U32(0);
        builder.Claim(offset, NativeBounds.End(symbolsSize, stringsLength));
        builder.TryAddUnclaimed(NativeRegionKind.Table, CoffSymbolTableName, offset, Math.Min(NativeBounds.End(symbolsSize, stringsLength), (ulong)content.Length - offset));
        var available = Math.Min(stringsLength, (ulong)content.Length - stringsAt);
        return content.Slice((int)stringsAt, (int)available);
    }

    /// <summary>
    /// The debug directory's entries and the data each points to (CodeView records naming the PDB, POGO and
    /// repro data): tables, never a place for text an executable uses.
    /// </summary>
    private static void ReadDebugDirectory(ReadOnlySpan<byte> content, NativeLayoutBuilder builder, PeSection[] sections, DataDirectory directory)
    {
        // Only what lies in the file is kept, and nothing is claimed or reported: these regions tell the sweep what
        // to skip, and a stale debug pointer must neither move the image's end nor make the layout look damaged.
        if (!PeSection.TryMap(sections, directory.Address, content.Length, out var at, out var available))
        {
            return;
        }

        var size = Math.Min(directory.Size, available);
        builder.TryAddUnclaimed(NativeRegionKind.Table, DebugDirectoryName, at, size);
        var count = Math.Min(size / DebugEntrySize, MaxDebugEntries);
        for (ulong i = 0; i < count; i++)
        {
            if (!NativeFields.TryRead(content, at + (i * DebugEntrySize), DebugEntrySize, bigEndian: false, out var entry))
            {
                break;
            }

            ulong dataSize = entry.U32(16);
            ulong dataAt = entry.U32(24);
            if (dataSize != 0 && dataAt != 0)
            {
                builder.TryAddUnclaimed(NativeRegionKind.Table, $"{DebugDirectoryName}/{DebugTypeName(entry.U32(12))}", dataAt, dataSize);
            }
        }
    }

    private static string DebugTypeName(uint type) => type switch
    {
        1 => "COFF",
        2 => "CodeView",
        3 => "FPO",
        4 => "Misc",
        9 => "Borland",
        12 => "VC_FEATURE",
        13 => "POGO",
        14 => "ILTCG",
        16 => "Repro",
        17 => "EmbeddedPortablePdb",
        19 => "PdbChecksum",
        20 => "ExDllCharacteristics",
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The name of the COFF symbol and string table's region (a <see cref="NativeRegionKind.Table"/>).</summary>
    public const string CoffSymbolTableName = "COFF symbols";

    /// <summary>The name of the debug directory's region; the data of each entry is <c>debug/TYPE</c>.</summary>
    public const string DebugDirectoryName = "debug";

    private static PeSection[] ReadSections(ReadOnlySpan<byte> content, NativeLayoutBuilder builder, ulong tableAt, ulong count, ReadOnlySpan<byte> stringTable)
    {
        var sections = new List<PeSection>();
        builder.Claim(tableAt, count * SectionHeaderSize);
        for (ulong i = 0; i < count; i++)
        {
            if (!NativeFields.TryRead(content, tableAt + (i * SectionHeaderSize), SectionHeaderSize, bigEndian: false, out var header))
            {
                builder.Problem($"section table claims {count} sections but the file holds {i}");
                break;
            }

            var name = SectionName(header.Bytes(0, 8), stringTable);
            var section = new PeSection(header.U32(12), header.U32(8), header.U32(20), header.U32(16));
            sections.Add(section);
            if (section.RawSize != 0)
            {
                builder.TryAdd(NativeRegionKind.Section, name, section.RawOffset, section.RawSize);
            }
        }

        // Stable, so sections sharing an address keep their table order.
        return [.. sections.OrderBy(s => s.VirtualAddress)];
    }

    private static string SectionName(ReadOnlySpan<byte> field, ReadOnlySpan<byte> stringTable)
    {
        var name = NativeNames.FromPadded(field);
        if (name.Length > 1 && name[0] == '/' && uint.TryParse(name.AsSpan(1), System.Globalization.NumberStyles.None, null, out var at))
        {
            var longName = NativeNames.FromNulTerminated(stringTable, at);
            return longName.Length == 0 ? name : longName;
        }

        return name;
    }

    /// <summary>
    /// ReadyToRun images built for a non-Windows OS XOR the machine with an OS mark (Linux, macOS,
    /// FreeBSD, NetBSD) so Windows refuses them; undoing it names the real architecture.
    /// </summary>
    private static readonly ushort[] ReadyToRunOsMarks = [0x7B79, 0x4644, 0xADC4, 0x1993];

    private static string MachineName(ushort machine)
    {
        var name = KnownMachineName(machine);
        foreach (var mark in ReadyToRunOsMarks)
        {
            name ??= KnownMachineName((ushort)(machine ^ mark));
        }

        return name ?? $"pe-machine-0x{machine:X4}";
    }

    private static string? KnownMachineName(ushort machine) => machine switch
    {
        0x014C => "i386",
        0x8664 => "x86-64",
        0xAA64 => "arm64",
        0xA641 => "arm64ec",
        0x01C0 or 0x01C2 or 0x01C4 => "arm",
        0x0200 => "ia64",
        0x5064 => "riscv64",
        _ => null,
    };

    private readonly record struct DataDirectory(uint Address, uint Size);

    /// <summary>Walks the resource tree (type, name, language) and adds a region per data entry.</summary>
    private ref struct ResourceWalker
    {
        private readonly ReadOnlySpan<byte> content;
        private readonly PeSection[] sections;
        private readonly NativeLayoutBuilder builder;
        private readonly HashSet<uint> visited;
        private ReadOnlySpan<byte> tree;
        private int entries;

        public ResourceWalker(ReadOnlySpan<byte> content, PeSection[] sections, NativeLayoutBuilder builder)
        {
            this.content = content;
            this.sections = sections;
            this.builder = builder;
            visited = [];
        }

        public void Walk(uint rootRva)
        {
            // Offsets in the tree are relative to its root and may reach anywhere in the section's file data.
            if (!PeSection.TryMap(sections, rootRva, content.Length, out var rootOffset, out var available))
            {
                builder.Problem($"resource directory RVA 0x{rootRva:X} is not in any section's file data");
                return;
            }

            tree = content.Slice((int)rootOffset, (int)available);
            WalkDirectory(0, 0, string.Empty, string.Empty);
        }

        private void WalkDirectory(uint offset, int level, string type, string name)
        {
            if (!visited.Add(offset))
            {
                builder.Problem($"resource directory at +{offset} is reached twice (a cycle or shared subtree); skipped");
                return;
            }

            if (!NativeFields.TryRead(tree, offset, 16, bigEndian: false, out var directory))
            {
                builder.Problem($"resource directory at +{offset} lies outside the resource data");
                return;
            }

            var count = directory.U16(12) + directory.U16(14);
            for (var i = 0; i < count; i++)
            {
                if (++entries > MaxResourceEntries)
                {
                    if (entries == MaxResourceEntries + 1)
                    {
                        builder.Problem($"more than {MaxResourceEntries} resource directory entries; the rest are left out");
                    }

                    return;
                }

                if (!NativeFields.TryRead(tree, offset + 16UL + (8UL * (ulong)i), 8, bigEndian: false, out var entry))
                {
                    builder.Problem($"resource directory at +{offset} claims {count} entries but the resource data holds {i}");
                    return;
                }

                var id = entry.U32(0);
                var target = entry.U32(4);
                var label = (id & 0x8000_0000) != 0 ? ReadString(id & 0x7FFF_FFFF) : level == 0 ? TypeName(id) : "#" + id;
                var entryType = level == 0 ? label : type;
                var entryName = level == 1 ? label : name;

                if ((target & 0x8000_0000) != 0)
                {
                    if (level + 1 >= ResourceLevels)
                    {
                        builder.Problem($"resource {entryType}/{entryName} nests deeper than type/name/language; skipped");
                        continue;
                    }

                    WalkDirectory(target & 0x7FFF_FFFF, level + 1, entryType, entryName);
                }
                else if (level + 1 == ResourceLevels)
                {
                    AddData(target, $"{entryType}/{entryName}");
                }
                else
                {
                    builder.Problem($"resource data entry at level {level + 1} of {ResourceLevels} ('{label}'); skipped");
                }
            }
        }

        private readonly void AddData(uint offset, string name)
        {
            if (!NativeFields.TryRead(tree, offset, 16, bigEndian: false, out var data))
            {
                builder.Problem($"resource {name}: data entry at +{offset} lies outside the resource data");
                return;
            }

            var rva = data.U32(0);
            var size = data.U32(4);
            if (!PeSection.TryMap(sections, rva, content.Length, out var fileOffset, out _))
            {
                builder.Problem($"resource {name}: data RVA 0x{rva:X} is not in any section's file data");
                return;
            }

            builder.TryAdd(NativeRegionKind.Resource, name, fileOffset, size);
        }

        private readonly string ReadString(uint offset)
        {
            if (!NativeFields.TryRead(tree, offset, 2, bigEndian: false, out var length))
            {
                return "#?";
            }

            var units = tree.Length - (int)offset - 2;
            return NativeNames.FromUtf16(tree.Slice((int)offset + 2, Math.Min(units, length.U16(0) * 2)));
        }

        private static string TypeName(uint id) => id switch
        {
            1 => "CURSOR",
            2 => "BITMAP",
            3 => "ICON",
            4 => "MENU",
            5 => "DIALOG",
            6 => "STRING",
            7 => "FONTDIR",
            8 => "FONT",
            9 => "ACCELERATOR",
            10 => "RCDATA",
            11 => "MESSAGETABLE",
            12 => "GROUP_CURSOR",
            14 => "GROUP_ICON",
            16 => "VERSION",
            17 => "DLGINCLUDE",
            19 => "PLUGPLAY",
            20 => "VXD",
            21 => "ANICURSOR",
            22 => "ANIICON",
            23 => "HTML",
            24 => "MANIFEST",
            _ => "#" + id,
        };
    }
}
