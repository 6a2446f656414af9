using System.Buffers.Binary;
using System.Text;
using Telltale.Artifacts.Native;
using static Telltale.Tests.Artifacts.Native.NativeSyntheticImages;

namespace Telltale.Tests.Artifacts.Native;

public sealed class MachOReaderTests
{
    private static readonly byte[] Graph = Encoding.ASCII.GetBytes("// @bun @bytecode\nconsole.log('from the module graph');\n");

    private static byte[] WithU32(byte[] file, int at, uint value, bool bigEndian = false)
    {
        var copy = (byte[])file.Clone();
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
        }

        return copy;
    }

    public sealed class TheTryReadMethod
    {
        [Fact]
        [Trait("Category", "RealPackage")]
        public async Task Reads_esbuild_for_macOS_to_the_end_of_its_code_signature()
        {
            var file = await NativeSamples.EsbuildDarwinArm64Async();

            var image = NativeAssert.Reads(file);

            Assert.Equal(NativeFormat.MachO, image.Format);
            Assert.Equal("arm64", image.Architecture);
            Assert.Empty(image.Problems);
            Assert.Equal(0, NativeAssert.Single(image, NativeRegionKind.Segment, "__TEXT").Offset);
            Assert.Equal(file.Length, NativeAssert.Single(image, NativeRegionKind.Segment, "__LINKEDIT").End);
            Assert.Contains(image.Regions, r => r is { Kind: NativeRegionKind.Section, Name: "__TEXT,__text" });
            Assert.Equal(file.Length, image.ImageEnd);
            Assert.Equal(file.Length, NativeAssert.Reads(NativeSamples.Appended(file, 100)).ImageEnd);
        }

        [Fact]
        public void Finds_the_bun_section_of_a_thin_64_bit_image()
        {
            var file = MachOWithBunSection(Graph);

            var image = NativeAssert.Reads(file);

            Assert.Equal("arm64", image.Architecture);
            Assert.Equal(Graph, NativeAssert.Content(file, NativeAssert.Single(image, NativeRegionKind.Section, "__BUN,__bun")));
            Assert.Single(image.Find("__BUN"));
            Assert.Equal(file.Length, image.ImageEnd);
            Assert.Empty(image.Slices);
        }

        [Fact]
        public void Finds_the_NODE_SEA_section_postject_adds()
        {
            var file = MachO(wide: true, bigEndian: false, MachCpuX86_64,
                new MachOSegment("__TEXT", new MachOSection("__text", [0xC3])),
                new MachOSegment("NODE_SEA", new MachOSection("__NODE_SEA_BLOB", Graph)));

            var image = NativeAssert.Reads(file);

            Assert.Equal("x86-64", image.Architecture);
            Assert.Equal(Graph, NativeAssert.Content(file, NativeAssert.Single(image, NativeRegionKind.Section, "NODE_SEA,__NODE_SEA_BLOB")));
        }

        [Fact]
        public void Reads_a_big_endian_32_bit_image()
        {
            var file = MachO(wide: false, bigEndian: true, MachCpuPowerPc,
                new MachOSegment("__TEXT", new MachOSection("__text", [0x4E, 0x80, 0x00, 0x20])),
                new MachOSegment("__BUN", new MachOSection("__bun", Graph)));

            var image = NativeAssert.Reads(file);

            Assert.Equal("ppc", image.Architecture);
            Assert.Equal(Graph, NativeAssert.Content(file, NativeAssert.Single(image, NativeRegionKind.Section, "__BUN,__bun")));
            Assert.Equal(file.Length, image.ImageEnd);
        }

        [Fact]
        public void Gives_no_region_to_zero_fill_sections()
        {
            var file = MachO(wide: true, bigEndian: false, MachCpuArm64,
                new MachOSegment("__DATA", new MachOSection("__data", [1, 2, 3]), new MachOSection("__bss", [], MachZeroFill, ZeroFillSize: 0x10000)));

            var image = NativeAssert.Reads(file);

            Assert.Single(image.Find("__DATA,__data"));
            Assert.Empty(image.Find("__DATA,__bss"));
            Assert.Empty(image.Problems);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Reads_each_slice_of_a_universal_binary_with_file_absolute_offsets(bool wide)
        {
            var arm = MachOWithBunSection(Graph);
            var intel = MachOWithBunSection(Encoding.ASCII.GetBytes("x86-64 graph"), MachCpuX86_64);
            var file = Fat(wide, (MachCpuX86_64, intel), (MachCpuArm64, arm));

            var image = NativeAssert.Reads(file);

            Assert.Equal(NativeFormat.MachOUniversal, image.Format);
            Assert.Equal("universal", image.Architecture);
            Assert.Empty(image.Regions);
            Assert.Equal(["x86-64", "arm64"], image.Slices.Select(s => s.Architecture));
            Assert.All(image.Slices, s => Assert.Equal(NativeFormat.MachO, s.Format));
            var graphs = image.Find("__BUN,__bun").ToList();
            Assert.Equal(2, graphs.Count);
            Assert.Equal("x86-64 graph"u8.ToArray(), NativeAssert.Content(file, graphs[0]));
            Assert.Equal(Graph, NativeAssert.Content(file, graphs[1]));
            Assert.Equal(file.Length, image.Slices[1].ImageEnd);
            Assert.Equal(file.Length, image.ImageEnd);
        }

        [Fact]
        [Trait("Category", "RealPackage")]
        public async Task Shifts_the_regions_of_a_real_image_by_its_slice_offset()
        {
            var esbuild = await NativeSamples.EsbuildDarwinArm64Async();
            var file = Fat(wide: false, (MachCpuX86_64, MachOWithBunSection(Graph, MachCpuX86_64)), (MachCpuArm64, esbuild));
            var thin = NativeAssert.Reads(esbuild);

            var image = NativeAssert.Reads(file);

            var slice = image.Slices[1];
            var shift = file.Length - esbuild.Length;
            Assert.Equal(thin.Regions.Select(r => r with { Offset = r.Offset + shift }), slice.Regions);
            Assert.Equal(file.Length, slice.ImageEnd);
        }
    }

    public sealed class TheTryReadMethodOnMalformedHeaders
    {
        [Fact]
        public void Refuses_a_truncated_header_with_one_line()
        {
            var image = NativeImage.TryRead(MachOWithBunSection(Graph).AsSpan(0, 20), out var problem);

            Assert.Null(image);
            Assert.Equal("Mach-O header is truncated: 20 of 32 bytes", problem);
        }

        [Fact]
        public void Stops_at_a_load_command_of_size_zero()
        {
            var file = WithU32(MachOWithBunSection(Graph), 32 + 4, 0);

            var image = NativeImage.TryRead(file, out _)!;

            Assert.Empty(image.Regions);
            Assert.Contains(image.Problems, p => p.Contains("has size 0; the rest are skipped", StringComparison.Ordinal));
        }

        [Fact]
        public void Reads_what_fits_when_a_segment_claims_4_billion_sections()
        {
            var file = WithU32(MachOWithBunSection(Graph), 32 + 64, 0xFFFF_FFFF);

            var image = NativeImage.TryRead(file, out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Single(image.Find("__TEXT,__text"));
            Assert.Contains(image.Problems, p => p.StartsWith("segment '__TEXT' claims 4294967295 sections but its command holds 1", StringComparison.Ordinal));
        }

        [Fact]
        public void Stops_when_the_load_command_count_exceeds_the_commands()
        {
            var file = WithU32(MachOWithBunSection(Graph), 16, 0xFFFF_FFFF);

            var image = NativeImage.TryRead(file, out _)!;

            Assert.Single(image.Find("__BUN,__bun"));
            Assert.Contains(image.Problems, p => p.StartsWith("load command 2 of 4294967295", StringComparison.Ordinal));
        }

        [Fact]
        public void Reads_what_fits_when_the_load_commands_claim_more_than_the_file()
        {
            var file = WithU32(MachOWithBunSection(Graph), 20, 0xFFFF_FFF0);

            var image = NativeImage.TryRead(file, out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Single(image.Find("__BUN,__bun"));
            Assert.Equal(file.Length, image.ImageEnd);
        }

        [Fact]
        public void Drops_a_section_that_points_past_the_end()
        {
            var file = MachOWithBunSection(Graph);
            var bunSection = 32 + 72 + 80 + 72;

            var image = NativeImage.TryRead(WithU32(file, bunSection + 48, 0xFFFF_0000), out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Empty(image.Find("__BUN,__bun"));
            Assert.Contains(image.Problems, p => p.StartsWith("section '__BUN,__bun' at 4294901760", StringComparison.Ordinal));
        }

        [Fact]
        public void Leaves_out_slices_that_lie_outside_the_file_or_are_not_Mach_O()
        {
            var file = Fat(wide: false, (MachCpuX86_64, MachOWithBunSection(Graph, MachCpuX86_64)), (MachCpuArm64, MachOWithBunSection(Graph)));
            file = WithU32(file, 8 + 8, 0xFFFF_0000, bigEndian: true);
            var secondSlice = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(8 + 20 + 8));
            file[secondSlice] = 0;

            var image = NativeImage.TryRead(file, out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Empty(image.Slices);
            Assert.Equal(2, image.Problems.Count);
        }

        [Fact]
        public void Caps_a_universal_header_that_claims_4_billion_slices()
        {
            var file = WithU32(Fat(wide: true, (MachCpuArm64, MachOWithBunSection(Graph))), 4, 0xFFFF_FFFF, bigEndian: true);

            var image = NativeImage.TryRead(file, out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Single(image.Find("__BUN,__bun"));
            Assert.Contains(image.Problems, p => p.StartsWith("universal header claims 4294967295 architectures", StringComparison.Ordinal));
        }

        [Fact]
        public void Survives_truncation_at_every_length_of_a_small_universal_binary()
        {
            var file = Fat(wide: false, (MachCpuPowerPc, MachO(wide: false, bigEndian: true, MachCpuPowerPc, new MachOSegment("__BUN", new MachOSection("__bun", Graph)))), (MachCpuArm64, MachOWithBunSection(Graph)));

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
