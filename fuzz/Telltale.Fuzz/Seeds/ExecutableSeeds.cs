using System.Text;
using static Telltale.Fuzz.Seeds.NativeSyntheticImages;

namespace Telltale.Fuzz.Seeds;

/// <summary>
/// Executables built byte by byte: ELF, PE and Mach-O (thin and universal) layouts, and the three ways a
/// JavaScript application rides in one (Bun module graph, Node SEA blob, pkg snapshot) in every layout
/// the readers know. Nothing is read from the machine, so the seeds are the same everywhere.
/// </summary>
internal static class ExecutableSeeds
{
    private const string App = "const k = process.env.KEY;\nconsole.log(k === \"a\" ? \"\\u2019\" : \"'\");\n";

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static readonly byte[] Code = [0xC3, 0x90, 0x90, 0x90];

    public static byte[] HostElf() => Elf(wide: true, bigEndian: false, [], [new ElfSection(".text", ElfSectionProgBits, Code)]);

    public static IEnumerable<byte[]> Elfs()
    {
        yield return HostElf();
        yield return Elf(wide: true, bigEndian: false, [new ElfNote("GNU", [1, 2, 3, 4], 3)],
            [new ElfSection(".text", ElfSectionProgBits, Code, 16), new ElfSection(".bss", ElfSectionNoBits, new byte[64]), new ElfSection(".data", ElfSectionProgBits, Text("data"))]);
        yield return Elf(wide: false, bigEndian: true, [new ElfNote("NODE_SEA_BLOB", SeaBlob(new NodeSeaBlobWriter()))], [new ElfSection(".text", ElfSectionProgBits, Code)]);
        yield return Elf(wide: true, bigEndian: false, [new ElfNote("NODE_SEA_BLOB", SeaBlob(new NodeSeaBlobWriter()))], [], noteSectionOverSegment: true);
        yield return Elf(wide: false, bigEndian: false, [], [new ElfSection(".note.x", ElfSectionNote, Notes([new ElfNote("Go", Text("buildid"))], false), 4)]);
    }

    public static IEnumerable<byte[]> Pes()
    {
        yield return Pe([new PeSectionData(".text", Code)], []);
        yield return PeWithSeaResource(SeaBlob(new NodeSeaBlobWriter { HeaderBytes = 10, MainFormat = 1 }));
        yield return Pe(
            [new PeSectionData(".text", Code), new PeSectionData(".rdata", Text("strings here"))],
            [new PeResource(10, "NODE_SEA_BLOB", SeaBlob(new NodeSeaBlobWriter())), new PeResource("CUSTOM", 7, Text("named type")), new PeResource(16, 1, new byte[92])],
            certificate: new byte[64],
            clrDirectory: (0x1000, 72));
    }

    public static IEnumerable<byte[]> MachOs()
    {
        var arm = MachO(wide: true, bigEndian: false, MachCpuArm64,
            new MachOSegment("__TEXT", new MachOSection("__text", Code), new MachOSection("__cstring", Text("hello\0"))),
            new MachOSegment("__DATA", new MachOSection("__bss", [], MachZeroFill, 4096)));
        yield return arm;
        yield return MachO(wide: false, bigEndian: true, MachCpuPowerPc, new MachOSegment("__TEXT", new MachOSection("__text", Code)));
        yield return MachO(wide: true, bigEndian: false, MachCpuX86_64,
            new MachOSegment("__TEXT", new MachOSection("__text", Code)),
            new MachOSegment("NODE_SEA", new MachOSection("__NODE_SEA_BLOB", SeaBlob(new NodeSeaBlobWriter()))));
        yield return Fat(false, (MachCpuArm64, arm), (MachCpuX86_64, MachO(wide: true, bigEndian: false, MachCpuX86_64, new MachOSegment("__TEXT", new MachOSection("__text", Code)))));
    }

    public static IEnumerable<byte[]> Buns()
    {
        yield return Graph(new BunGraphWriter()).AppendTo(HostElf());
        yield return MachOWithBunSection(Graph(new BunGraphWriter()).Write(out _));
        yield return Elf(wide: true, bigEndian: false, [], [new ElfSection(".text", ElfSectionProgBits, Code), new ElfSection(".bun", ElfSectionProgBits, Graph(new BunGraphWriter { RecordSize = 44 }).Write(out _), 16)]);
        yield return Graph(new BunGraphWriter { RecordSize = 36, OffsetsSize = 24 }).AppendTo(HostElf());
        var shared = Text("BYTECODE-BLOB-0123456789");
        yield return new BunGraphWriter { EntryPointId = 1 }
            .Add(new BunSeedModule("/$bunfs/root/a.js", Text("// bytecode"), Encoding: 0) { SharedBytecode = shared, SharedBytecodeOffset = 0 })
            .Add(new BunSeedModule("B:/~BUN/root/b.js", Text("x"), Encoding: 0) { SharedBytecode = shared, SharedBytecodeOffset = 8 })
            .Add(new BunSeedModule("/$bunfs/root/c.jsc", [], Loader: 5) { Bytecode = Text("own bytecode") })
            .AppendTo(HostElf());
    }

    private static BunGraphWriter Graph(BunGraphWriter writer) => writer
        .Add(BunSeedModule.Script("/$bunfs/root/app.js", App))
        .Add(new BunSeedModule("/$bunfs/root/data.txt", Text("text asset"), Encoding: 0, Loader: 13))
        .Add(new BunSeedModule("/$bunfs/root/img.png", [0x89, 0x50, 0x4E, 0x47], Encoding: 0, Loader: 5));

    public static IEnumerable<byte[]> Seas()
    {
        var writers = new[]
        {
            new NodeSeaBlobWriter(),
            new NodeSeaBlobWriter { HeaderBytes = 9, ExecArgv = ["--max-old-space-size=64", "--no-warnings"] },
            new NodeSeaBlobWriter { HeaderBytes = 10, MainFormat = 1, SizeBytes = 4 },
            new NodeSeaBlobWriter { HasCodePath = false },
            new NodeSeaBlobWriter { CodeCache = new byte[48], UseSnapshot = true },
            new NodeSeaBlobWriter { Assets = [("config.json", Text("{\"a\":1}")), ("bin/tool", Code)] },
            new NodeSeaBlobWriter { Raw = NodeSeaBlobWriter.RawLayout.MagicThenCode },
            new NodeSeaBlobWriter { Raw = NodeSeaBlobWriter.RawLayout.FlagsThenCode, ExtraFlags = 1u << 30 },
        };
        foreach (var writer in writers)
        {
            var blob = SeaBlob(writer);
            yield return ElfWithSeaNote(blob);
            yield return blob;
        }

        yield return PeWithSeaResource(SeaBlob(writers[5]));
    }

    private static byte[] SeaBlob(NodeSeaBlobWriter writer) => writer.Write();

    public static IEnumerable<byte[]> Pkgs()
    {
        var files = new List<PkgFixtureFile>
        {
            new("/app/index.js", Text(App)),
            new("/app/lib/util.js", Text("module.exports = 1;\n")),
            new("/app/lib/compiled.js", null, Text("V8 bytecode stand-in")),
            new("/app/package.json", Text("{\"name\":\"app\"}")),
        };
        var host = HostElf();
        yield return new PkgFixtureBuilder { Host = host, Files = files }.Build().Bytes;
        yield return new PkgFixtureBuilder { Host = host, Files = files, Compression = 1 }.Build().Bytes;
        yield return new PkgFixtureBuilder { Host = host, Files = files, Compression = 2, Symlinks = new Dictionary<string, string> { ["/app/link.js"] = "/app/index.js" } }.Build().Bytes;
        yield return new PkgFixtureBuilder { Host = host, Files = files, PreludeArguments = 3 }.Build().Bytes;
        yield return new PkgFixtureBuilder { Host = host, Files = files, PreludeArguments = 2, Boxed = true }.Build().Bytes;
        yield return new PkgFixtureBuilder { Host = host, Files = files, Slash = '\\', Trailer = new byte[32] }.Build().Bytes;
    }
}
