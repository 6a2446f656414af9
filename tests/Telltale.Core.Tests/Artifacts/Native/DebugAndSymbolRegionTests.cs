using Telltale.Artifacts.Native;

namespace Telltale.Tests.Artifacts.Native;

/// <summary>
/// The regions the raw xor sweep leaves out: debug information and symbol tables, found in real executables of
/// each format. They must never take in the code or data a program uses.
/// </summary>
public sealed class DebugAndSymbolRegionTests
{
    private static List<string> Names(NativeImage image) => [.. image.DebugAndSymbolRegions().Select(r => r.Name).Distinct()];

    [Fact]
    public void An_elf_library_has_its_dynamic_symbols_and_nothing_of_its_code_or_data()
    {
        var image = NativeAssert.Reads(NativeSamples.Libc);

        var names = Names(image);

        Assert.Contains(".dynsym", names);
        Assert.Contains(".dynstr", names);
        Assert.DoesNotContain(".text", names);
        Assert.DoesNotContain(".rodata", names);
        Assert.DoesNotContain(".data", names);
    }

    [Fact]
    public void A_pe_assembly_has_its_debug_directory_and_codeview_record()
    {
        var file = NativeSamples.TestAssembly;
        var image = NativeAssert.Reads(file);

        var codeView = Assert.Single(image.Regions, r => r is { Kind: NativeRegionKind.Table, Name: "debug/CodeView" });

        Assert.Contains("debug", Names(image));
        Assert.True(NativeImage.IsDebugOrSymbols(codeView));
        Assert.Equal("RSDS"u8.ToArray(), NativeAssert.Content(file, codeView)[..4]);
        Assert.DoesNotContain(image.DebugAndSymbolRegions(), r => r.Kind == NativeRegionKind.Section);
        NativeAssert.WellFormed(image, file.Length);
    }

    [Fact]
    public async Task A_go_pe_has_its_coff_symbol_table()
    {
        var file = await NativeSamples.EsbuildWin32X64Async();
        var image = NativeAssert.Reads(file);

        var names = Names(image);

        Assert.Contains(PeReader.CoffSymbolTableName, names);
        Assert.DoesNotContain(".text", names);
        Assert.DoesNotContain(".rdata", names);
    }

    [Fact]
    public async Task A_go_mach_o_has_its_symbol_and_string_tables()
    {
        var file = await NativeSamples.EsbuildDarwinArm64Async();
        var image = NativeAssert.Reads(file);

        var names = Names(image);

        Assert.Contains(MachOReader.SymbolTableName, names);
        Assert.Contains(MachOReader.StringTableName, names);
        Assert.DoesNotContain("__TEXT,__text", names);
        Assert.DoesNotContain("__TEXT,__rodata", names);
    }

    [Theory]
    [InlineData(NativeRegionKind.Section, ".debug_str", true)]
    [InlineData(NativeRegionKind.Section, ".zdebug_info", true)]
    [InlineData(NativeRegionKind.Section, ".symtab", true)]
    [InlineData(NativeRegionKind.Section, ".strtab", true)]
    [InlineData(NativeRegionKind.Section, ".gopclntab", true)]
    [InlineData(NativeRegionKind.Section, "__DWARF,__debug_line", true)]
    [InlineData(NativeRegionKind.Section, "__TEXT,__gopclntab", true)]
    [InlineData(NativeRegionKind.Segment, "__DWARF", true)]
    [InlineData(NativeRegionKind.Section, ".rodata", false)]
    [InlineData(NativeRegionKind.Section, ".data", false)]
    [InlineData(NativeRegionKind.Section, ".bun", false)]
    [InlineData(NativeRegionKind.Section, "__TEXT,__cstring", false)]
    [InlineData(NativeRegionKind.Segment, "__LINKEDIT", false)]
    [InlineData(NativeRegionKind.Note, ".debug_fake", false)]
    [InlineData(NativeRegionKind.Resource, "RCDATA/NODE_SEA_BLOB", false)]
    public void Names_debug_and_symbol_regions_by_kind_and_name(NativeRegionKind kind, string name, bool expected)
    {
        Assert.Equal(expected, NativeImage.IsDebugOrSymbols(new NativeRegion(kind, name, 0, 1)));
    }
}
