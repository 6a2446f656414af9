using System.Buffers.Binary;
using System.Text;
using Telltale.Artifacts.Native;
using static Telltale.Tests.Artifacts.Native.NativeSyntheticImages;

namespace Telltale.Tests.Artifacts.Native;

public sealed class NativeImageTests
{
    private const int MutationsPerSample = 3_000;

    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("embedded payload for the robustness tests");

    public static TheoryData<string> SampleNames =>
        ["ls", "libc", "test-assembly", "elf32-big-endian", "elf64-notes", "pe-resources", "macho-thin", "macho-big-endian-32", "fat", "fat64"];

    private static byte[] Sample(string name) => name switch
    {
        "ls" => NativeSamples.Ls,
        "libc" => NativeSamples.Libc,
        "test-assembly" => NativeSamples.TestAssembly,
        "elf32-big-endian" => Elf(wide: false, bigEndian: true, [new ElfNote("NODE_SEA_BLOB", Payload)], [new ElfSection(".bun", ElfSectionProgBits, Payload)]),
        "elf64-notes" => Elf(wide: true, bigEndian: false, [new ElfNote("NODE_SEA_BLOB", Payload), new ElfNote("GNU", [1, 2, 3, 4])], [new ElfSection(".bun", ElfSectionProgBits, Payload)], noteSectionOverSegment: true),
        "pe-resources" => Pe([new PeSectionData(".text", [0xC3]), new PeSectionData(".bun", Payload)], [new PeResource(10, "NODE_SEA_BLOB", Payload), new PeResource(16, 1, [1, 2]), new PeResource("TYPE", "NAME", [3])], new byte[64]),
        "macho-thin" => MachOWithBunSection(Payload),
        "macho-big-endian-32" => MachO(wide: false, bigEndian: true, MachCpuPowerPc, new MachOSegment("__TEXT", new MachOSection("__text", [0x60])), new MachOSegment("NODE_SEA", new MachOSection("__NODE_SEA_BLOB", Payload))),
        "fat" => Fat(wide: false, (MachCpuX86_64, MachOWithBunSection(Payload, MachCpuX86_64)), (MachCpuArm64, MachOWithBunSection(Payload))),
        "fat64" => Fat(wide: true, (MachCpuArm64, MachOWithBunSection(Payload))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>
    /// Where a file's headers are: its first and last 4 KiB (ELF section headers and COFF symbols sit at
    /// the end), each slice's first 4 KiB, and the start of every note container and resource section.
    /// </summary>
    private static List<(int Start, int Length)> HeaderRanges(byte[] file, NativeImage image)
    {
        var ranges = new List<(long Start, long Length)> { (0, 4096), (file.Length - 4096, 4096) };
        foreach (var slice in image.Slices)
        {
            ranges.Add((slice.Regions.Min(r => r.Offset) - 0x1000, 0x2000));
        }

        ranges.AddRange(image.Regions.Concat(image.Slices.SelectMany(s => s.Regions))
            .Where(r => r.Kind == NativeRegionKind.Note || r.Name is "PT_NOTE" or ".rsrc")
            .Select(r => (r.Offset, Math.Min(r.Length, 4096))));
        return ranges
            .Select(r => (Start: (int)Math.Clamp(r.Start, 0, file.Length), End: (int)Math.Clamp(r.Start + r.Length, 0, file.Length)))
            .Where(r => r.End > r.Start)
            .Select(r => (r.Start, r.End - r.Start))
            .ToList();
    }

    /// <summary>
    /// Seeded mutations of the header bytes, each read and then undone: random bytes, all-ones and
    /// all-zero words (counts of 0xFFFFFFFF, offsets of 0), and bit flips.
    /// </summary>
    private static void AssertSurvivesMutations(byte[] sample, int seed)
    {
        var clean = NativeAssert.Reads(sample);
        var ranges = HeaderRanges(sample, clean);
        var file = (byte[])sample.Clone();
        var saved = new List<(int At, byte Value)>();
        for (var iteration = 0; iteration < MutationsPerSample; iteration++)
        {
            var random = new Random(seed + iteration);
            var changes = random.Next(1, 9);
            for (var c = 0; c < changes; c++)
            {
                var (start, length) = ranges[random.Next(ranges.Count)];
                var at = start + random.Next(length);
                var width = Math.Min(4, file.Length - at);
                for (var i = 0; i < width; i++)
                {
                    saved.Add((at + i, file[at + i]));
                }

                switch (random.Next(4))
                {
                    case 0:
                        file[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        file.AsSpan(at, width).Fill(0xFF);
                        break;
                    case 2:
                        file.AsSpan(at, width).Clear();
                        break;
                    default:
                        file[at] ^= (byte)(1 << random.Next(8));
                        break;
                }
            }

            try
            {
                var image = NativeImage.TryRead(file, out var problem);
                Assert.True(image is not null || problem is not null);
                if (image is not null)
                {
                    NativeAssert.WellFormed(image, file.Length);
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"mutation seed {seed + iteration} broke the reader: {e.Message}", e);
            }

            for (var i = saved.Count - 1; i >= 0; i--)
            {
                file[saved[i].At] = saved[i].Value;
            }

            saved.Clear();
        }
    }

    public sealed class TheHasNativeMagicMethod
    {
        [Theory]
        [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46 })]
        [InlineData(new byte[] { 0x4D, 0x5A })]
        [InlineData(new byte[] { 0xCE, 0xFA, 0xED, 0xFE })]
        [InlineData(new byte[] { 0xCF, 0xFA, 0xED, 0xFE })]
        [InlineData(new byte[] { 0xFE, 0xED, 0xFA, 0xCE })]
        [InlineData(new byte[] { 0xFE, 0xED, 0xFA, 0xCF })]
        [InlineData(new byte[] { 0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 2 })]
        [InlineData(new byte[] { 0xCA, 0xFE, 0xBA, 0xBF, 0, 0, 0, 1 })]
        public void Recognises_every_executable_magic(byte[] head) => Assert.True(NativeImage.HasNativeMagic(head));

        [Theory]
        [MemberData(nameof(SampleNames), MemberType = typeof(NativeImageTests))]
        public void Recognises_every_sample(string name) => Assert.True(NativeImage.HasNativeMagic(Sample(name).AsSpan(0, 64)));

        [Fact]
        public void Does_not_take_a_Java_class_file_for_a_universal_binary() =>
            Assert.False(NativeImage.HasNativeMagic([0xCA, 0xFE, 0xBA, 0xBE, 0x00, 0x00, 0x00, 0x41]));

        [Fact]
        public void Does_not_take_an_MS_DOS_program_for_a_PE()
        {
            var head = new byte[256];
            "MZ"u8.CopyTo(head);
            BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(0x3C), 0x80);

            Assert.False(NativeImage.HasNativeMagic(head));
        }

        [Theory]
        [InlineData("")]
        [InlineData("#!/bin/sh\n")]
        [InlineData("\u007FEL")]
        [InlineData("PK\u0003\u0004")]
        public void Rejects_other_content(string text) => Assert.False(NativeImage.HasNativeMagic(Encoding.Latin1.GetBytes(text)));
    }

    public sealed class TheTryReadMethod
    {
        [Theory]
        [InlineData("")]
        [InlineData("hello")]
        [InlineData("\u00CA\u00FE\u00BA\u00BE\u0000\u0000\u0000\u0041")]
        public void Returns_null_with_one_line_for_what_is_not_an_executable(string text)
        {
            var image = NativeImage.TryRead(Encoding.Latin1.GetBytes(text), out var problem);

            Assert.Null(image);
            Assert.Equal("not an ELF, PE or Mach-O file", problem);
        }

        [Theory]
        [MemberData(nameof(SampleNames), MemberType = typeof(NativeImageTests))]
        public void Reads_every_sample_without_problems_and_to_its_last_byte(string name)
        {
            var file = Sample(name);

            var image = NativeAssert.Reads(file);

            Assert.Empty(image.Problems);
            Assert.Equal(file.Length, image.ImageEnd);
            Assert.Equal(file.Length, NativeAssert.Reads(NativeSamples.Appended(file, 100)).ImageEnd);
        }

        [Fact]
        public void Reads_the_headers_of_a_large_file_without_copying_it()
        {
            var file = NativeSamples.Appended(NativeSamples.Ls, 64 << 20);
            NativeImage.TryRead(file, out _);

            var before = GC.GetAllocatedBytesForCurrentThread();
            var image = NativeImage.TryRead(file, out _);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.NotNull(image);
            Assert.InRange(allocated, 0, 256 * 1024);
        }

        [Fact]
        public void Finds_regions_in_the_image_and_in_its_slices()
        {
            var file = Fat(wide: false, (MachCpuX86_64, MachOWithBunSection(Payload, MachCpuX86_64)), (MachCpuArm64, MachOWithBunSection(Payload)));

            var image = NativeAssert.Reads(file);

            Assert.Equal(2, image.Find("__BUN,__bun").Count());
            Assert.Empty(image.Find("__bun"));
        }
    }

    public sealed class TheTryReadMethodOnHostileInput
    {
        [Theory]
        [MemberData(nameof(SampleNames), MemberType = typeof(NativeImageTests))]
        public void Survives_thousands_of_seeded_header_mutations(string name) =>
            AssertSurvivesMutations(Sample(name), seed: name.Length * 100_003);

        [Fact]
        [Trait("Category", "RealPackage")]
        public async Task Survives_thousands_of_seeded_header_mutations_of_esbuild_for_macOS() =>
            AssertSurvivesMutations(await NativeSamples.EsbuildDarwinArm64Async(), seed: 17);

        [Fact]
        [Trait("Category", "RealPackage")]
        public async Task Survives_thousands_of_seeded_header_mutations_of_esbuild_for_Windows() =>
            AssertSurvivesMutations(await NativeSamples.EsbuildWin32X64Async(), seed: 23);

        [Theory]
        [MemberData(nameof(SampleNames), MemberType = typeof(NativeImageTests))]
        public void Survives_truncation_at_every_region_boundary(string name)
        {
            var file = Sample(name);
            var clean = NativeAssert.Reads(file);
            var cuts = clean.Regions.Concat(clean.Slices.SelectMany(s => s.Regions))
                .SelectMany(r => new[] { r.Offset - 1, r.Offset, r.Offset + 1, r.End - 1, r.End, r.End + 1 })
                .Concat(Enumerable.Range(0, 600).Select(i => (long)i))
                .Where(c => c >= 0 && c <= file.Length)
                .Distinct();

            foreach (var cut in cuts)
            {
                var image = NativeImage.TryRead(file.AsSpan(0, (int)cut), out var problem);
                Assert.True(image is not null || problem is not null);
                if (image is not null)
                {
                    NativeAssert.WellFormed(image, cut);
                }
            }
        }

        [Fact]
        public void Reads_a_file_of_all_ones_after_each_magic()
        {
            foreach (var magic in new byte[][] { [0x7F, 0x45, 0x4C, 0x46, 2, 1], [0x4D, 0x5A], [0xCF, 0xFA, 0xED, 0xFE], [0xCA, 0xFE, 0xBA, 0xBF] })
            {
                var file = new byte[8192];
                file.AsSpan().Fill(0xFF);
                magic.CopyTo(file, 0);

                var image = NativeImage.TryRead(file, out var problem);

                Assert.True(image is not null || problem is not null);
                if (image is not null)
                {
                    NativeAssert.WellFormed(image, file.Length);
                }
            }
        }
    }
}
