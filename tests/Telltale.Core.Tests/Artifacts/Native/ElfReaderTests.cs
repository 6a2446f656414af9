using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Telltale.Artifacts.Native;
using static Telltale.Tests.Artifacts.Native.NativeSyntheticImages;

namespace Telltale.Tests.Artifacts.Native;

public sealed class ElfReaderTests
{
    private static readonly byte[] Blob = Encoding.ASCII.GetBytes("{\"main\":\"sea.js\"} NODE SEA payload");

    /// <summary>Every offset where an ELF header table entry or a region starts or ends: the places a truncation hurts most.</summary>
    private static IEnumerable<int> HeaderBoundaries(byte[] file, NativeImage image)
    {
        var wide = file[4] == 2;
        var programAt = (int)(wide ? BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(32)) : BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(28)));
        var sectionAt = (int)(wide ? BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(40)) : BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(32)));
        var counts = wide ? 54 : 42;
        var programs = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(counts + 2));
        var sections = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(counts + 6));
        var boundaries = Enumerable.Range(0, (wide ? 64 : 52) + 1)
            .Concat(Enumerable.Range(0, programs + 1).Select(i => programAt + (i * (wide ? 56 : 32))))
            .Concat(Enumerable.Range(0, sections + 1).Select(i => sectionAt + (i * (wide ? 64 : 40))))
            .Concat(image.Regions.SelectMany(r => new[] { (int)r.Offset, (int)r.End }));
        return boundaries.SelectMany(b => new[] { b - 1, b, b + 1 }).Where(b => b >= 0 && b <= file.Length).Distinct();
    }

    private static byte[] WithU16(byte[] file, int at, ushort value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(at), value);
        return copy;
    }

    private static byte[] WithU64(byte[] file, int at, ulong value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(at), value);
        return copy;
    }

    /// <summary>File offset of the section header with this index in a 64-bit little-endian ELF.</summary>
    private static int SectionHeaderAt(byte[] file, int index) =>
        (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(40)) + (index * 64);

    public sealed class TheTryReadMethod
    {
        [Fact]
        public void Reads_the_sections_segments_and_notes_of_bin_ls()
        {
            var ls = NativeSamples.Ls;

            var image = NativeAssert.Reads(ls);

            Assert.Equal(NativeFormat.Elf, image.Format);
            Assert.Equal("x86-64", image.Architecture);
            Assert.Empty(image.Problems);
            var interpreter = NativeAssert.Single(image, NativeRegionKind.Section, ".interp");
            Assert.StartsWith("/lib64/ld-linux-x86-64.so", Encoding.ASCII.GetString(NativeAssert.Content(ls, interpreter)));
            Assert.Equal(interpreter.Offset, NativeAssert.Single(image, NativeRegionKind.Segment, "PT_INTERP").Offset);
            Assert.Contains(image.Regions, r => r is { Kind: NativeRegionKind.Section, Name: ".text" });
            Assert.Contains(image.Regions, r => r is { Kind: NativeRegionKind.Section, Name: ".shstrtab" });
            Assert.True(image.Find("PT_LOAD").Count() >= 2);
            Assert.DoesNotContain(image.Regions, r => r.Name == "PT_GNU_STACK");
        }

        [Fact]
        public void Reports_each_note_once_although_a_segment_and_a_section_both_reach_it()
        {
            var ls = NativeSamples.Ls;

            var image = NativeAssert.Reads(ls);

            var notes = image.Regions.Where(r => r.Kind == NativeRegionKind.Note).ToList();
            Assert.NotEmpty(notes);
            Assert.Equal(notes.Count, notes.Select(n => (n.Offset, n.Length)).Distinct().Count());
            Assert.All(notes, n => Assert.Equal("GNU", n.Name));
            var buildIdSection = NativeAssert.Single(image, NativeRegionKind.Section, ".note.gnu.build-id");
            var buildId = Assert.Single(notes, n => n.Offset >= buildIdSection.Offset && n.End <= buildIdSection.End);
            Assert.Equal(20, buildId.Length);
        }

        [Theory]
        [InlineData(NativeSamples.LsPath)]
        [InlineData(NativeSamples.LibcPath)]
        public void Ends_the_image_at_the_end_of_a_real_file(string path)
        {
            var file = File.ReadAllBytes(path);

            var image = NativeAssert.Reads(file);

            Assert.Equal(file.Length, image.ImageEnd);
        }

        [Theory]
        [InlineData(NativeSamples.LsPath)]
        [InlineData(NativeSamples.LibcPath)]
        public void Leaves_bytes_appended_after_the_image_out_of_it(string path)
        {
            var file = File.ReadAllBytes(path);
            var appended = NativeSamples.Appended(file, 100);

            var image = NativeAssert.Reads(appended);

            Assert.Equal(file.Length, image.ImageEnd);
            Assert.Equal(NativeAssert.Reads(file).Regions, image.Regions);
        }

        [Fact]
        public void Finds_a_NODE_SEA_BLOB_note_in_its_own_PT_NOTE_segment()
        {
            var file = ElfWithSeaNote(Blob);

            var image = NativeAssert.Reads(file);

            var note = NativeAssert.Single(image, NativeRegionKind.Note, "NODE_SEA_BLOB");
            Assert.Equal(Blob, NativeAssert.Content(file, note));
            var segment = NativeAssert.Single(image, NativeRegionKind.Segment, "PT_NOTE");
            Assert.InRange(note.Offset, segment.Offset, segment.End - note.Length);
            Assert.Equal(file.Length, image.ImageEnd);
        }

        [Fact]
        public void Keeps_one_note_when_an_SHT_NOTE_section_covers_the_PT_NOTE_segment()
        {
            var file = Elf(wide: true, bigEndian: false, [new ElfNote("NODE_SEA_BLOB", Blob), new ElfNote("GNU", [1, 2, 3, 4])], [], noteSectionOverSegment: true);

            var image = NativeAssert.Reads(file);

            Assert.Single(image.Find(".note.sea"));
            Assert.Equal(["NODE_SEA_BLOB", "GNU"], image.Regions.Where(r => r.Kind == NativeRegionKind.Note).Select(r => r.Name));
        }

        [Theory]
        [InlineData(false, false)]
        [InlineData(false, true)]
        [InlineData(true, true)]
        public void Reads_32_and_64_bit_files_in_either_byte_order(bool wide, bool bigEndian)
        {
            var file = ElfWithSeaNote(Blob, wide, bigEndian);

            var image = NativeAssert.Reads(file);

            Assert.Equal(Blob, NativeAssert.Content(file, NativeAssert.Single(image, NativeRegionKind.Note, "NODE_SEA_BLOB")));
            Assert.Equal([0xC3, 0x90, 0x90, 0x90], NativeAssert.Content(file, NativeAssert.Single(image, NativeRegionKind.Section, ".text")));
            Assert.Equal(file.Length, image.ImageEnd);
        }

        [Fact]
        public void Aligns_the_notes_of_an_8_aligned_container_to_8_bytes()
        {
            // namesz 8 puts the descriptor at 12 + 8 = 20 with 4-byte alignment, at 24 with 8-byte alignment.
            var notes = new byte[28];
            BinaryPrimitives.WriteUInt32LittleEndian(notes, 8);
            BinaryPrimitives.WriteUInt32LittleEndian(notes.AsSpan(4), 4);
            "ABCDEFG\0"u8.CopyTo(notes.AsSpan(12));
            "desc"u8.CopyTo(notes.AsSpan(24));
            var file = Elf(wide: true, bigEndian: false, [], [new ElfSection(".note.gnu.property", ElfSectionNote, notes, Alignment: 8)]);

            var image = NativeAssert.Reads(file);

            Assert.Equal("desc"u8.ToArray(), NativeAssert.Content(file, NativeAssert.Single(image, NativeRegionKind.Note, "ABCDEFG")));
        }

        [Fact]
        public void Gives_no_region_to_NOBITS_and_empty_sections()
        {
            var file = Elf(wide: true, bigEndian: false, [], [
                new ElfSection(".data", ElfSectionProgBits, [1, 2, 3]),
                new ElfSection(".bss", ElfSectionNoBits, new byte[4096]),
                new ElfSection(".empty", ElfSectionProgBits, []),
            ]);

            var image = NativeAssert.Reads(file);

            Assert.Single(image.Find(".data"));
            Assert.Empty(image.Find(".bss"));
            Assert.Empty(image.Find(".empty"));
            Assert.Empty(image.Problems);
        }

        [Fact]
        public void Finds_a_bun_section_and_a_note_that_objcopy_added_to_bin_ls()
        {
            using var directory = new TempDirectory();
            var graph = Encoding.ASCII.GetBytes("// @bun\nconsole.log('bundled');\n---- Bun! ----\n");
            var notes = Notes([new ElfNote("NODE_SEA_BLOB", Blob)], bigEndian: false);
            var input = directory.Write("ls", NativeSamples.Ls);
            var graphPath = directory.Write("graph.bin", graph);
            var notesPath = directory.Write("notes.bin", notes);
            var output = Path.Combine(directory.Path, "ls-bun");
            Objcopy($"--add-section .bun={graphPath} --set-section-flags .bun=noload,readonly --add-section .note.sea={notesPath} {input} {output}");
            var file = File.ReadAllBytes(output);

            var image = NativeAssert.Reads(file);

            Assert.Equal(graph, NativeAssert.Content(file, NativeAssert.Single(image, NativeRegionKind.Section, ".bun")));
            Assert.Equal(Blob, NativeAssert.Content(file, NativeAssert.Single(image, NativeRegionKind.Note, "NODE_SEA_BLOB")));
            Assert.Equal(file.Length, image.ImageEnd);
        }

        private static void Objcopy(string arguments)
        {
            var start = new ProcessStartInfo("objcopy", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("objcopy (binutils) is needed for this test and could not be started");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"objcopy {arguments} failed: {errors}");
        }
    }

    public sealed class TheTryReadMethodOnMalformedHeaders
    {
        [Fact]
        public void Refuses_a_truncated_header_with_one_line()
        {
            var image = NativeImage.TryRead(NativeSamples.Ls.AsSpan(0, 40), out var problem);

            Assert.Null(image);
            Assert.Equal("ELF header is truncated: 40 of 64 bytes", problem);
        }

        [Fact]
        public void Refuses_an_unknown_class()
        {
            var file = NativeSamples.Ls;
            file[4] = 9;

            Assert.Null(NativeImage.TryRead(file, out var problem));
            Assert.Contains("class 9", problem, StringComparison.Ordinal);
        }

        [Fact]
        public void Survives_truncation_at_every_header_boundary_of_bin_ls()
        {
            var ls = NativeSamples.Ls;
            var full = NativeAssert.Reads(ls);

            foreach (var length in HeaderBoundaries(ls, full))
            {
                var image = NativeImage.TryRead(ls.AsSpan(0, length), out var problem);
                Assert.True(image is not null || problem is not null, $"no image and no problem at {length}");
                if (image is not null)
                {
                    NativeAssert.WellFormed(image, length);
                }
            }
        }

        [Fact]
        public void Survives_truncation_at_every_length_of_a_small_file()
        {
            var file = Elf(wide: false, bigEndian: true, [new ElfNote("NODE_SEA_BLOB", Blob)], [new ElfSection(".bun", ElfSectionProgBits, Blob)]);

            for (var length = 0; length <= file.Length; length++)
            {
                var image = NativeImage.TryRead(file.AsSpan(0, length), out _);
                if (image is not null)
                {
                    NativeAssert.WellFormed(image, length);
                }
            }
        }

        [Fact]
        public void Reads_what_fits_when_the_section_count_exceeds_the_file()
        {
            var ls = NativeSamples.Ls;

            var image = NativeImage.TryRead(WithU16(ls, 60, 0xFFFF), out _)!;

            NativeAssert.WellFormed(image, ls.Length);
            Assert.Contains(image.Problems, p => p.Contains("section header table claims 65535 entries", StringComparison.Ordinal));
            Assert.Contains(image.Regions, r => r.Name == "PT_LOAD");
        }

        [Fact]
        public void Caps_an_extended_section_count_of_2_to_the_64()
        {
            var ls = NativeSamples.Ls;
            var file = WithU64(WithU16(ls, 60, 0), SectionHeaderAt(ls, 0) + 32, ulong.MaxValue);

            var image = NativeImage.TryRead(file, out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Contains(image.Problems, p => p.Contains("claims 18446744073709551615 entries", StringComparison.Ordinal));
        }

        [Fact]
        public void Skips_a_section_header_table_past_the_end_and_keeps_the_segments()
        {
            var ls = NativeSamples.Ls;

            var image = NativeImage.TryRead(WithU64(ls, 40, 0xFFFF_FFFF_0000), out _)!;

            NativeAssert.WellFormed(image, ls.Length);
            Assert.DoesNotContain(image.Regions, r => r.Kind == NativeRegionKind.Section);
            Assert.Contains(image.Regions, r => r.Name == "PT_LOAD");
            Assert.Contains(image.Problems, p => p.StartsWith("section header table at", StringComparison.Ordinal));
        }

        [Fact]
        public void Drops_a_section_that_points_past_the_end_and_says_so()
        {
            var file = Elf(wide: true, bigEndian: false, [], [new ElfSection(".bun", ElfSectionProgBits, Blob)]);
            var bunHeader = SectionHeaderAt(file, 1);

            var image = NativeImage.TryRead(WithU64(file, bunHeader + 24, 0x7FFF_FFFF_FFFF_FFF0), out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.Empty(image.Find(".bun"));
            Assert.Single(image.Problems, p => p.StartsWith("section '.bun' at 9223372036854775792", StringComparison.Ordinal));
        }

        [Fact]
        public void Skips_a_table_whose_entries_are_smaller_than_the_format_needs()
        {
            var ls = NativeSamples.Ls;

            var image = NativeImage.TryRead(WithU16(ls, 58, 8), out _)!;

            Assert.DoesNotContain(image.Regions, r => r.Kind == NativeRegionKind.Section);
            Assert.Contains(image.Problems, p => p.StartsWith("section header entries are 8 bytes", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData(0xFFFF_FFFFu, 0u)]
        [InlineData(4u, 0xFFFF_FFFFu)]
        [InlineData(0xFFFF_FFF4u, 0xFFFF_FFFFu)]
        public void Stops_reading_a_note_whose_sizes_run_past_its_container(uint nameSize, uint descriptorSize)
        {
            var file = ElfWithSeaNote(Blob);
            var note = NativeAssert.Single(NativeAssert.Reads(file), NativeRegionKind.Segment, "PT_NOTE");
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)note.Offset), nameSize);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)note.Offset + 4), descriptorSize);

            var image = NativeImage.TryRead(file, out _)!;

            NativeAssert.WellFormed(image, file.Length);
            Assert.DoesNotContain(image.Regions, r => r.Kind == NativeRegionKind.Note);
            Assert.Contains(image.Problems, p => p.Contains("past the end of its", StringComparison.Ordinal));
        }

        [Fact]
        public void Stops_a_note_container_of_zeros_at_the_note_cap()
        {
            var file = Elf(wide: true, bigEndian: false, [], [new ElfSection(".note.zero", ElfSectionNote, new byte[1 << 20])]);

            var image = NativeImage.TryRead(file, out _)!;

            Assert.Equal(65_536, image.Regions.Count(r => r.Kind == NativeRegionKind.Note));
            Assert.Contains(image.Problems, p => p.StartsWith("more than 65536 notes", StringComparison.Ordinal));
        }

        [Fact]
        public void Names_sections_by_index_when_the_name_table_index_is_bad()
        {
            var file = Elf(wide: true, bigEndian: false, [], [new ElfSection(".bun", ElfSectionProgBits, Blob)]);

            var image = NativeImage.TryRead(WithU16(file, 62, 999), out _)!;

            Assert.Single(image.Find("#1"));
            Assert.Contains(image.Problems, p => p.StartsWith("section name table index 999", StringComparison.Ordinal));
        }
    }
}
