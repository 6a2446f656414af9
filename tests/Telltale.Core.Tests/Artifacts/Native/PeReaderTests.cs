using System.Buffers.Binary;
using System.Reflection.PortableExecutable;
using System.Text;
using Telltale.Artifacts.Native;
using static Telltale.Tests.Artifacts.Native.NativeSyntheticImages;

namespace Telltale.Tests.Artifacts.Native;

public sealed class PeReaderTests
{
    private static readonly byte[] Blob = Encoding.ASCII.GetBytes("NODE SEA blob: sea-config.json main script");

    /// <summary>The sections as System.Reflection.Metadata reads them: the oracle for well-formed files.</summary>
    private static List<(string Name, long Offset, long Length)> SectionsByPeHeaders(byte[] file)
    {
        using var reader = new PEReader(new MemoryStream(file));
        return reader.PEHeaders.SectionHeaders
            .Where(s => s.SizeOfRawData > 0)
            .Select(s => (s.Name, (long)s.PointerToRawData, (long)s.SizeOfRawData))
            .ToList();
    }

    private static List<(string Name, long Offset, long Length)> Sections(NativeImage image) =>
        image.Regions.Where(r => r.Kind == NativeRegionKind.Section).Select(r => (r.Name, r.Offset, r.Length)).ToList();

    private static int ResourceSectionOffset(byte[] file) =>
        (int)NativeAssert.Single(NativeAssert.Reads(file), NativeRegionKind.Section, ".rsrc").Offset;

    private static byte[] WithU32(byte[] file, int at, uint value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
        return copy;
    }

    public sealed class TheTryReadMethod
    {
        [Fact]
        public void Reads_the_sections_of_the_test_assembly_as_PEHeaders_does()
        {
            var file = NativeSamples.TestAssembly;

            var image = NativeAssert.Reads(file);

            Assert.Equal(NativeFormat.Pe, image.Format);
            Assert.Equal(SectionsByPeHeaders(file), Sections(image));
            Assert.Equal(file.Length, image.ImageEnd);
            Assert.Empty(image.Problems);
        }

        [Fact]
        public void Finds_the_VERSION_resource_the_SDK_puts_in_every_assembly()
        {
            var file = NativeSamples.TestAssembly;

            var image = NativeAssert.Reads(file);

            var version = NativeAssert.Single(image, NativeRegionKind.Resource, "VERSION/#1");
            var content = NativeAssert.Content(file, version);
            Assert.Equal(content.Length, BinaryPrimitives.ReadUInt16LittleEndian(content));
            Assert.Equal("VS_VERSION_INFO", Encoding.Unicode.GetString(content, 6, 30));
        }

        [Fact]
        public void Names_the_architecture_of_a_ReadyToRun_image_built_for_Linux()
        {
            var coreLib = File.ReadAllBytes(typeof(object).Assembly.Location);

            var image = NativeAssert.Reads(coreLib);

            Assert.Equal("x86-64", image.Architecture);
            Assert.Equal(coreLib.Length, image.ImageEnd);
        }

        [Fact]
        [Trait("Category", "RealPackage")]
        public async Task Reads_esbuild_for_Windows_to_its_last_byte()
        {
            var file = await NativeSamples.EsbuildWin32X64Async();

            var image = NativeAssert.Reads(file);

            Assert.Equal("x86-64", image.Architecture);
            Assert.Equal(SectionsByPeHeaders(file), Sections(image));
            Assert.Contains(image.Regions, r => r.Name == ".text");
            Assert.Equal(file.Length, image.ImageEnd);
            Assert.Equal(file.Length, NativeAssert.Reads(NativeSamples.Appended(file, 100)).ImageEnd);
        }

        [Fact]
        public void Finds_an_RCDATA_resource_named_NODE_SEA_BLOB()
        {
            var file = PeWithSeaResource(Blob);

            var image = NativeAssert.Reads(file);

            Assert.Equal(SectionsByPeHeaders(file), Sections(image));
            var resource = NativeAssert.Single(image, NativeRegionKind.Resource, "RCDATA/NODE_SEA_BLOB");
            Assert.Equal(Blob, NativeAssert.Content(file, resource));
            Assert.Equal(file.Length, image.ImageEnd);
        }

        [Fact]
        public void Names_resources_by_standard_type_names_strings_and_ids()
        {
            var file = Pe([new PeSectionData(".text", [0xC3])], [
                new PeResource(16, 1, [1]),
                new PeResource(24, 2, [2]),
                new PeResource(3, 7, [3]),
                new PeResource("CUSTOM", "Thing", [4]),
                new PeResource(999, "X", [5]),
            ]);

            var image = NativeAssert.Reads(file);

            Assert.Equal(
                ["VERSION/#1", "MANIFEST/#2", "ICON/#7", "CUSTOM/Thing", "#999/X"],
                image.Regions.Where(r => r.Kind == NativeRegionKind.Resource).Select(r => r.Name));
        }

        [Fact]
        public void Counts_the_certificate_table_into_the_image_and_not_what_follows_it()
        {
            var certificate = new byte[300];
            var file = NativeSamples.Appended(Pe([new PeSectionData(".text", [0xC3])], [], certificate), 100);

            var image = NativeAssert.Reads(file);

            Assert.Equal(file.Length - 100, image.ImageEnd);
        }

        [Fact]
        public void Reads_a_native_image_whose_CLI_header_directory_PEHeaders_rejects()
        {
            // A CLI header smaller than its 72 bytes makes PEHeaders throw; a native executable never
            // uses that directory, so it must not hide the rest of the file.
            var file = Pe([new PeSectionData(".text", new byte[64])], [new PeResource(10, "NODE_SEA_BLOB", Blob)], clrDirectory: (0x1000, 8));
            Assert.Throws<BadImageFormatException>(() => new PEHeaders(new MemoryStream(file)));

            var image = NativeAssert.Reads(file);

            Assert.Single(image.Find("RCDATA/NODE_SEA_BLOB"));
        }
    }

    public sealed class TheTryReadMethodOnMalformedHeaders
    {
        [Fact]
        public void Refuses_an_MS_DOS_program_without_a_PE_header()
        {
            var file = new byte[128];
            "MZ"u8.CopyTo(file);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x3C), 0x40);

            Assert.Null(NativeImage.TryRead(file, out var problem));
            Assert.Equal("no PE signature at 64 (an MS-DOS program, or not an executable)", problem);
        }

        [Fact]
        public void Refuses_an_e_lfanew_past_the_end()
        {
            var file = WithU32(PeWithSeaResource(Blob), 0x3C, 0xFFFF_FFF0);

            Assert.Null(NativeImage.TryRead(file, out var problem));
            Assert.StartsWith("PE header at 4294967280 lies outside", problem, StringComparison.Ordinal);
        }

        [Fact]
        public void Reads_what_fits_when_the_section_count_exceeds_the_file()
        {
            var file = PeWithSeaResource(Blob);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x40 + 6), 0xFFFF);

            var image = NativeImage.TryRead(file, out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Contains(image.Problems, p => p.StartsWith("section table claims 65535 sections", StringComparison.Ordinal));
        }

        [Fact]
        public void Drops_a_section_whose_raw_data_lies_past_the_end()
        {
            var file = PeWithSeaResource(Blob);
            var textHeader = 0x40 + 24 + 240;

            var image = NativeImage.TryRead(WithU32(file, textHeader + 20, 0x7FFF_0000), out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Empty(image.Find(".text"));
            Assert.Contains(image.Problems, p => p.StartsWith("section '.text' at 2147418112", StringComparison.Ordinal));
            Assert.Single(image.Find("RCDATA/NODE_SEA_BLOB"));
        }

        [Fact]
        public void Stops_at_a_resource_directory_that_points_back_to_the_root()
        {
            var file = PeWithSeaResource(Blob);
            var rsrc = ResourceSectionOffset(file);

            var image = NativeImage.TryRead(WithU32(file, rsrc + SingleResourceNameTarget, 0x8000_0000), out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.DoesNotContain(image.Regions, r => r.Kind == NativeRegionKind.Resource);
            Assert.Contains(image.Problems, p => p.Contains("reached twice", StringComparison.Ordinal));
        }

        [Fact]
        public void Stops_at_a_resource_directory_that_contains_itself()
        {
            var file = PeWithSeaResource(Blob);
            var rsrc = ResourceSectionOffset(file);

            var image = NativeImage.TryRead(WithU32(file, rsrc + SingleResourceRootTarget, 0x8000_0000), out _)!;

            Assert.DoesNotContain(image.Regions, r => r.Kind == NativeRegionKind.Resource);
            Assert.Contains(image.Problems, p => p.Contains("reached twice", StringComparison.Ordinal));
        }

        [Fact]
        public void Refuses_a_fourth_level_of_resource_directories()
        {
            var file = PeWithSeaResource(Blob);
            var rsrc = ResourceSectionOffset(file);

            // The language entry now points at a directory (the root) instead of a data entry.
            var image = NativeImage.TryRead(WithU32(file, rsrc + SingleResourceLanguageTarget, 0x8000_0018), out _)!;

            Assert.DoesNotContain(image.Regions, r => r.Kind == NativeRegionKind.Resource);
            Assert.Contains(image.Problems, p => p.Contains("nests deeper than type/name/language", StringComparison.Ordinal));
        }

        [Fact]
        public void Caps_the_entries_of_a_root_directory_that_claims_131070_entries()
        {
            // The root claims the most entries its two counts allow, and the resource data behind it is
            // 80,000 entries that each point back at the root.
            var loops = new byte[80_000 * 8];
            for (var i = 0; i < loops.Length; i += 8)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(loops.AsSpan(i), 1);
                BinaryPrimitives.WriteUInt32LittleEndian(loops.AsSpan(i + 4), 0x8000_0000);
            }

            var file = Pe([new PeSectionData(".text", [0xC3])], [new PeResource(10, "LOOPS", loops)]);
            var rsrc = ResourceSectionOffset(file);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(rsrc + 12), 0xFFFF);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(rsrc + 14), 0xFFFF);

            var image = NativeImage.TryRead(file, out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Single(image.Find("RCDATA/LOOPS"));
            Assert.Equal(65, image.Problems.Count);
            Assert.StartsWith("... and ", image.Problems[^1], StringComparison.Ordinal);
        }

        [Fact]
        public void Reports_a_resource_whose_data_RVA_is_in_no_section()
        {
            var file = PeWithSeaResource(Blob);
            var rsrc = ResourceSectionOffset(file);
            var dataEntry = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(rsrc + SingleResourceLanguageTarget));

            var image = NativeImage.TryRead(WithU32(file, rsrc + dataEntry, 0x7000_0000), out _)!;

            Assert.Empty(image.Find("RCDATA/NODE_SEA_BLOB"));
            Assert.Contains(image.Problems, p => p == "resource RCDATA/NODE_SEA_BLOB: data RVA 0x70000000 is not in any section's file data");
        }

        [Fact]
        public void Drops_a_resource_whose_size_runs_past_the_end()
        {
            var file = PeWithSeaResource(Blob);
            var rsrc = ResourceSectionOffset(file);
            var dataEntry = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(rsrc + SingleResourceLanguageTarget));

            var image = NativeImage.TryRead(WithU32(file, rsrc + dataEntry + 4, 0xFFFF_FFFF), out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Empty(image.Find("RCDATA/NODE_SEA_BLOB"));
            Assert.Contains(image.Problems, p => p.StartsWith("resource 'RCDATA/NODE_SEA_BLOB'", StringComparison.Ordinal));
        }

        [Fact]
        public void Survives_truncation_at_every_length_of_a_small_file()
        {
            var file = Pe([new PeSectionData(".text", [0xC3])], [new PeResource(10, "NODE_SEA_BLOB", Blob), new PeResource(16, 1, [1, 2])], new byte[40]);

            for (var length = 0; length <= file.Length; length++)
            {
                var image = NativeImage.TryRead(file.AsSpan(0, length), out _);
                if (image is not null)
                {
                    NativeAssert.WellFormed(image, length);
                }
            }
        }
    }
}
