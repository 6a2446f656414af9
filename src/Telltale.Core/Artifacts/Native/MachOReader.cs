using System.Buffers.Binary;

namespace Telltale.Artifacts.Native;

/// <summary>
/// Mach-O layout, 32- and 64-bit in either byte order: segments and their sections (named
/// <c>SEGMENT,section</c>, e.g. Bun's <c>__BUN,__bun</c> and Node SEA's <c>NODE_SEA,__NODE_SEA_BLOB</c>),
/// and universal (fat) binaries as one thin image per slice with file-absolute offsets.
/// </summary>
internal static class MachOReader
{
    /// <summary>Load commands read at most per image.</summary>
    public const int MaxLoadCommands = 65_536;

    /// <summary>Sections read at most per image; load commands could otherwise describe millions of them.</summary>
    public const int MaxSections = 65_536;

    /// <summary>Slices read at most; real universal binaries have two to five.</summary>
    public const int MaxSlices = 64;

    /// <summary>The name of the LC_SYMTAB symbol table's region (a <see cref="NativeRegionKind.Table"/>).</summary>
    public const string SymbolTableName = "symbol table";

    /// <summary>The name of the LC_SYMTAB string table's region.</summary>
    public const string StringTableName = "string table";

    private const uint Magic32 = 0xFEEDFACE;
    private const uint Magic64 = 0xFEEDFACF;
    private const uint Swapped32 = 0xCEFAEDFE;
    private const uint Swapped64 = 0xCFFAEDFE;
    private const uint FatMagic = 0xCAFEBABE;
    private const uint FatMagic64 = 0xCAFEBABF;

    /// <summary>
    /// FAT_MAGIC is also the magic of Java class files, whose next word (version numbers) is at least 45;
    /// file(1) draws the line at 30 architectures, and so does this.
    /// </summary>
    private const uint MaxPlausibleFatArchitectures = 30;

    private const int LoadCommandHeaderSize = 8;
    private const uint CommandSegment = 0x1;
    private const uint CommandSymbolTable = 0x2;
    private const uint CommandDynamicSymbolTable = 0xB;
    private const uint CommandSegment64 = 0x19;
    private const uint CommandDyldInfo = 0x22;
    private const uint CommandDyldInfoOnly = 0x8000_0022;
    private const uint ZeroFill = 0x1;
    private const uint GigabyteZeroFill = 0xC;
    private const uint ThreadLocalZeroFill = 0x12;

    /// <summary>Commands that point at one blob of __LINKEDIT data (<c>linkedit_data_command</c>).</summary>
    private static readonly HashSet<uint> LinkEditDataCommands =
    [
        0x1D, // LC_CODE_SIGNATURE
        0x1E, // LC_SEGMENT_SPLIT_INFO
        0x26, // LC_FUNCTION_STARTS
        0x29, // LC_DATA_IN_CODE
        0x2B, // LC_DYLIB_CODE_SIGN_DRS
        0x2E, // LC_LINKER_OPTIMIZATION_HINT
        0x8000_0033, // LC_DYLD_EXPORTS_TRIE
        0x8000_0034, // LC_DYLD_CHAINED_FIXUPS
        0x36, // LC_ATOM_INFO
    ];

    public static bool HasMagic(ReadOnlySpan<byte> head) => IsThin(head) || IsUniversal(head);

    public static NativeImage? TryRead(ReadOnlySpan<byte> content, out string? problem)
    {
        if (IsUniversal(content))
        {
            return ReadUniversal(content, out problem);
        }

        return ReadThin(content, 0, out problem);
    }

    private static bool IsThin(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(head) is Magic32 or Magic64 or Swapped32 or Swapped64;

    private static bool IsUniversal(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4)
        {
            return false;
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (magic == FatMagic64)
        {
            return true;
        }

        return magic == FatMagic && (head.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(head[4..]) is >= 1 and <= MaxPlausibleFatArchitectures);
    }

    private static NativeImage? ReadUniversal(ReadOnlySpan<byte> content, out string? problem)
    {
        problem = null;
        var wide = BinaryPrimitives.ReadUInt32BigEndian(content) == FatMagic64;
        if (!NativeFields.TryRead(content, 0, 8, bigEndian: true, out var header))
        {
            problem = "universal Mach-O header is truncated";
            return null;
        }

        var entrySize = wide ? 32 : 20;
        ulong count = header.U32(4);
        var builder = new NativeLayoutBuilder(content.Length);
        builder.Claim(0, NativeBounds.End(8, NativeBounds.Product(count, (ulong)entrySize)));

        var fitting = (ulong)(content.Length - 8) / (ulong)entrySize;
        if (count > fitting)
        {
            builder.Problem($"universal header claims {count} architectures but the file holds {fitting}");
        }

        var entries = Math.Min(count, fitting);
        if (entries > MaxSlices)
        {
            builder.Problem($"universal header has {entries} architectures; reading the first {MaxSlices}");
            entries = MaxSlices;
        }

        var slices = new List<NativeImage>();
        for (var i = 0; i < (int)entries; i++)
        {
            if (!NativeFields.TryRead(content, 8 + ((ulong)i * (ulong)entrySize), entrySize, bigEndian: true, out var entry))
            {
                break;
            }

            var architecture = CpuName(entry.U32(0), entry.U32(4));
            var offset = wide ? entry.U64(8) : entry.U32(8);
            var size = wide ? entry.U64(16) : entry.U32(12);
            builder.Claim(offset, size);
            if (!NativeBounds.Fits(offset, size, content.Length))
            {
                builder.Problem($"slice {i} ({architecture}) at {offset} with {size} bytes lies outside the {content.Length}-byte file; left out");
                continue;
            }

            var bytes = content.Slice((int)offset, (int)size);
            if (!IsThin(bytes))
            {
                builder.Problem($"slice {i} ({architecture}) at {offset} is not a thin Mach-O image; left out");
                continue;
            }

            var slice = ReadThin(bytes, (long)offset, out var sliceProblem);
            if (slice is null)
            {
                builder.Problem($"slice {i} ({architecture}) at {offset}: {sliceProblem}; left out");
                continue;
            }

            slices.Add(slice);

            // Repeated at the top so a caller that reads only the universal image's problems still sees them.
            foreach (var line in slice.Problems)
            {
                builder.Problem($"{slice.Architecture}: {line}");
            }
        }

        return new NativeImage
        {
            Format = NativeFormat.MachOUniversal,
            Architecture = "universal",
            Regions = [],
            Slices = slices,
            ImageEnd = builder.ImageEnd,
            Problems = builder.Problems,
        };
    }

    /// <param name="image">The thin image's bytes: the whole file, or one slice of a universal binary.</param>
    /// <param name="origin">File offset of <paramref name="image"/>, added to every region.</param>
    private static NativeImage? ReadThin(ReadOnlySpan<byte> image, long origin, out string? problem)
    {
        problem = null;
        var magic = image.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(image) : 0;
        var wide = magic is Magic64 or Swapped64;
        var bigEndian = magic is Swapped32 or Swapped64;
        var headerSize = wide ? 32 : 28;
        if (!NativeFields.TryRead(image, 0, headerSize, bigEndian, out var header))
        {
            problem = $"Mach-O header is truncated: {image.Length} of {headerSize} bytes";
            return null;
        }

        var architecture = CpuName(header.U32(4), header.U32(8));
        ulong commandCount = header.U32(16);
        ulong commandsSize = header.U32(20);
        var builder = new NativeLayoutBuilder(image.Length, origin);
        builder.Claim(0, (ulong)headerSize + commandsSize);

        var commandsEnd = (ulong)headerSize + commandsSize;
        if (commandsEnd > (ulong)image.Length)
        {
            builder.Problem($"load commands claim {commandsSize} bytes but the file holds {image.Length - headerSize}; reading those");
            commandsEnd = (ulong)image.Length;
        }

        var context = new CommandContext(image, bigEndian, wide, builder);
        var at = (ulong)headerSize;
        for (ulong i = 0; i < commandCount; i++)
        {
            if (i >= MaxLoadCommands)
            {
                builder.Problem($"{commandCount} load commands; reading the first {MaxLoadCommands}");
                break;
            }

            if (!NativeFields.TryRead(image, at, LoadCommandHeaderSize, bigEndian, out var commandHeader) || at + LoadCommandHeaderSize > commandsEnd)
            {
                builder.Problem($"load command {i} of {commandCount} at {at} lies past the end of the load commands");
                break;
            }

            var command = commandHeader.U32(0);
            ulong commandSize = commandHeader.U32(4);
            if (commandSize < LoadCommandHeaderSize || commandSize > commandsEnd - at)
            {
                // A size below the header's would make the walk stand still or go nowhere; stop here.
                builder.Problem($"load command {i} (0x{command:X}) at {at} has size {commandSize}; the rest are skipped");
                break;
            }

            if (NativeFields.TryRead(image, at, (int)commandSize, bigEndian, out var fields))
            {
                context.Read(command, fields);
            }

            at += commandSize;
        }

        return builder.Build(NativeFormat.MachO, architecture);
    }

    private static string CpuName(uint cpuType, uint cpuSubtype) => cpuType switch
    {
        7 => "i386",
        0x0100_0007 => "x86-64",
        12 => "arm",
        0x0100_000C => (cpuSubtype & 0x00FF_FFFF) == 2 ? "arm64e" : "arm64",
        0x0200_000C => "arm64_32",
        18 => "ppc",
        0x0100_0012 => "ppc64",
        _ => $"mach-cpu-0x{cpuType:X}",
    };

    /// <summary>Reads one load command of a thin image into the builder.</summary>
    private ref struct CommandContext
    {
        private readonly ReadOnlySpan<byte> image;
        private readonly bool bigEndian;
        private readonly bool wide;
        private readonly NativeLayoutBuilder builder;
        private int sections;

        public CommandContext(ReadOnlySpan<byte> image, bool bigEndian, bool wide, NativeLayoutBuilder builder)
        {
            this.image = image;
            this.bigEndian = bigEndian;
            this.wide = wide;
            this.builder = builder;
        }

        public void Read(uint command, NativeFields fields)
        {
            switch (command)
            {
                case CommandSegment:
                    ReadSegment(fields, wideSegment: false);
                    break;
                case CommandSegment64:
                    ReadSegment(fields, wideSegment: true);
                    break;
                case CommandSymbolTable:
                    builder.Claim(fields.U32(8), NativeBounds.Product(fields.U32(12), wide ? 16UL : 12UL));
                    builder.Claim(fields.U32(16), fields.U32(20));
                    builder.TryAddUnclaimed(NativeRegionKind.Table, SymbolTableName, fields.U32(8), NativeBounds.Product(fields.U32(12), wide ? 16UL : 12UL));
                    builder.TryAddUnclaimed(NativeRegionKind.Table, StringTableName, fields.U32(16), fields.U32(20));
                    break;
                case CommandDynamicSymbolTable:
                    ClaimTable(fields, 32, 8);                      // table of contents
                    ClaimTable(fields, 40, wide ? 56UL : 52UL);     // module table
                    ClaimTable(fields, 48, 4);                      // external references
                    ClaimTable(fields, 56, 4);                      // indirect symbols
                    ClaimTable(fields, 64, 8);                      // external relocations
                    ClaimTable(fields, 72, 8);                      // local relocations
                    break;
                case CommandDyldInfo or CommandDyldInfoOnly:
                    for (var at = 8; at <= 40; at += 8)
                    {
                        builder.Claim(fields.U32(at), fields.U32(at + 4));
                    }

                    break;
                default:
                    if (LinkEditDataCommands.Contains(command))
                    {
                        builder.Claim(fields.U32(8), fields.U32(12));
                    }

                    break;
            }
        }

        private readonly void ClaimTable(NativeFields fields, int at, ulong entrySize) =>
            builder.Claim(fields.U32(at), NativeBounds.Product(fields.U32(at + 4), entrySize));

        private void ReadSegment(NativeFields fields, bool wideSegment)
        {
            var headerSize = wideSegment ? 72 : 56;
            var sectionSize = wideSegment ? 80 : 68;
            var segmentName = NativeNames.FromPadded(fields.Bytes(8, 16));
            if (fields.Length < headerSize)
            {
                builder.Problem($"segment command '{segmentName}' is {fields.Length} bytes, less than {headerSize}; skipped");
                return;
            }

            var fileOffset = wideSegment ? fields.U64(40) : fields.U32(32);
            var fileSize = wideSegment ? fields.U64(48) : fields.U32(36);
            ulong sectionCount = fields.U32(wideSegment ? 64 : 48);
            if (fileSize != 0)
            {
                builder.TryAdd(NativeRegionKind.Segment, segmentName, fileOffset, fileSize);
            }

            var fitting = (ulong)((fields.Length - headerSize) / sectionSize);
            if (sectionCount > fitting)
            {
                builder.Problem($"segment '{segmentName}' claims {sectionCount} sections but its command holds {fitting}; reading those");
                sectionCount = fitting;
            }

            for (var i = 0; i < (int)sectionCount; i++)
            {
                if (++sections > MaxSections)
                {
                    if (sections == MaxSections + 1)
                    {
                        builder.Problem($"more than {MaxSections} sections; the rest are left out");
                    }

                    return;
                }

                var section = headerSize + (i * sectionSize);
                var name = NativeNames.FromPadded(fields.Bytes(section + 16, 16)) + "," + NativeNames.FromPadded(fields.Bytes(section, 16));
                var size = wideSegment ? fields.U64(section + 40) : fields.U32(section + 36);
                ulong offset = fields.U32(section + (wideSegment ? 48 : 40));
                var type = fields.U32(section + (wideSegment ? 64 : 56)) & 0xFF;

                // Zero-fill sections occupy memory only; their offset field means nothing.
                if (size == 0 || type is ZeroFill or GigabyteZeroFill or ThreadLocalZeroFill)
                {
                    continue;
                }

                builder.TryAdd(NativeRegionKind.Section, name, offset, size);
            }
        }
    }
}
