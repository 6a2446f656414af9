using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Telltale.Artifacts.Native;

namespace Telltale.Tests.Artifacts.Native;

public sealed class NodeSeaReaderTests
{
    private const string AppSource = "const os = require('os');\nconsole.log('hello from a sea', process.argv.slice(2).join(','), typeof os.hostname);\n";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// The NODE_SEA_BLOB note as postject writes it (namesz 14, descsz, type, the name padded to 16, the
    /// blob): a test-only locator that stands in for <see cref="NativeImage"/> until it reads ELF.
    /// </summary>
    internal static (long Offset, long Length)? FindSeaNote(byte[] file)
    {
        var name = "NODE_SEA_BLOB\0\0\0"u8;
        var from = 0;
        while (from < file.Length)
        {
            var at = file.AsSpan(from).IndexOf(name);
            if (at < 0)
            {
                return null;
            }

            at += from;
            var header = at - 12;
            if (header >= 0 && at + 20 <= file.Length
                && BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(header)) == 14
                && BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 16)) == NodeSeaBlobWriter.Magic)
            {
                return (at + 16, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(header + 4)));
            }

            from = at + 1;
        }

        return null;
    }

    /// <summary>True when <paramref name="content"/> is a view of <paramref name="file"/> within [start, end).</summary>
    private static bool IsSliceOf(ReadOnlyMemory<byte> content, byte[] file, long start, long end) =>
        content.Length == 0
        || (MemoryMarshal.TryGetArray(content, out var segment) && ReferenceEquals(segment.Array, file) && segment.Offset >= start && segment.Offset + segment.Count <= end);

    private static NativeImage Image(params NativeRegion[] regions) => new()
    {
        Format = NativeFormat.Elf,
        Architecture = "x86-64",
        Regions = regions,
        ImageEnd = 0,
    };

    /// <summary>A blob with every optional part, so damage can land in each of them.</summary>
    private static NodeSeaBlobWriter Rich(int headerBytes = 8, int sizeBytes = 8) => new()
    {
        HeaderBytes = headerBytes,
        SizeBytes = sizeBytes,
        CodePath = "dist/main.js",
        Main = Utf8(AppSource),
        CodeCache = [0xC0, 0xDE, 0x00, 0x01, 0x02, 0x03],
        Assets = [("config.json", Utf8("{\"a\":1}")), ("logo.png", [0x89, 0x50, 0x4E, 0x47])],
        ExecArgv = headerBytes >= 9 ? ["--max-old-space-size=64", "--no-warnings"] : [],
    };

    public sealed class ARealSeaBuiltWithThisMachinesNode
    {
        [Fact]
        public void Runs_and_prints_what_its_script_prints()
        {
            var executable = NodeSeaBuilder.Build(AppSource);

            var output = NodeSeaBuilder.Run(executable, ["a", "b"], Path.GetDirectoryName(executable)!);

            Assert.Equal("hello from a sea a,b function\n", output);
        }

        [Fact]
        public void Gives_back_the_exact_main_script_as_a_slice_of_the_executable()
        {
            var sea = NodeSeaBuilder.Build(AppSource, new NodeSeaOptions());
            var file = File.ReadAllBytes(sea.ExecutablePath);
            var (offset, length) = FindSeaNote(file) ?? throw new InvalidOperationException("no NODE_SEA_BLOB note");
            Assert.Equal(File.ReadAllBytes(sea.BlobPath), file.AsSpan((int)offset, (int)length).ToArray());

            var payload = NodeSeaReader.ReadBlob(file, offset, length);

            Assert.NotNull(payload);
            Assert.Equal(NodeSeaReader.Format, payload.Format);
            Assert.Equal((offset, length), (payload.Offset, payload.Length));
            Assert.Empty(payload.Problems);
            var main = Assert.Single(payload.Files);
            Assert.Equal("app.js", main.Name);
            Assert.Equal(EmbeddedContentKind.Source, main.Kind);
            Assert.True(main.IsEntryPoint);
            Assert.True(main.IsScript);
            Assert.Equal(AppSource, Encoding.UTF8.GetString(main.Content.Span));
            Assert.True(IsSliceOf(main.Content, file, offset, offset + length));
        }

        [Fact]
        public void Gives_back_assets_and_the_code_cache_next_to_the_main_script()
        {
            var sea = NodeSeaBuilder.Build(AppSource, new NodeSeaOptions
            {
                UseCodeCache = true,
                Assets = new Dictionary<string, string> { ["settings.json"] = "{\"endpoint\":\"https://example.test\"}", ["notes.txt"] = "plain text" },
            });
            var file = File.ReadAllBytes(sea.ExecutablePath);
            var (offset, length) = FindSeaNote(file) ?? throw new InvalidOperationException("no NODE_SEA_BLOB note");

            var payload = NodeSeaReader.ReadBlob(file, offset, length);

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            var byName = payload.Files.ToDictionary(f => f.Name);
            Assert.Equal(["app.js", "app.js.bytecode", "notes.txt", "settings.json"], byName.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(AppSource, Encoding.UTF8.GetString(byName["app.js"].Content.Span));
            Assert.Equal(EmbeddedContentKind.Bytecode, byName["app.js.bytecode"].Kind);
            Assert.True(byName["app.js.bytecode"].Content.Length > 100);
            Assert.Equal(EmbeddedContentKind.Source, byName["settings.json"].Kind);
            Assert.Equal("{\"endpoint\":\"https://example.test\"}", Encoding.UTF8.GetString(byName["settings.json"].Content.Span));
            Assert.Equal(EmbeddedContentKind.Asset, byName["notes.txt"].Kind);
            Assert.All(payload.Files, f => Assert.True(IsSliceOf(f.Content, file, offset, offset + length)));
        }

        [Fact]
        public void Is_found_through_the_native_image()
        {
            var file = File.ReadAllBytes(NodeSeaBuilder.Build(AppSource));
            var image = NativeImage.TryRead(file, out _);

            Assert.NotNull(image);
            var payload = NodeSeaReader.TryRead(file, image);

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            Assert.Equal(AppSource, Encoding.UTF8.GetString(Assert.Single(payload.Files).Content.Span));
        }
    }

    public sealed class TheReadBlobMethod
    {
        private static readonly Dictionary<string, NodeSeaBlobWriter> LayoutWriters = new()
        {
            ["Node 20.6-24: 8-byte header"] = new NodeSeaBlobWriter(),
            ["Node 22.20+/24: exec-argv extension byte"] = new NodeSeaBlobWriter { HeaderBytes = 9, ExecArgvExtension = 2 },
            ["Node 25.7+: main format byte"] = new NodeSeaBlobWriter { HeaderBytes = 10, MainFormat = 1 },
            ["32-bit build"] = new NodeSeaBlobWriter { SizeBytes = 4 },
            ["32-bit build with extension byte"] = new NodeSeaBlobWriter { HeaderBytes = 9, SizeBytes = 4 },
        };

        public static TheoryData<string> Layouts => [.. LayoutWriters.Keys];

        [Theory]
        [MemberData(nameof(Layouts))]
        public void Reads_the_main_script_whatever_the_header_length_or_size_width(string layout)
        {
            var writer = LayoutWriters[layout];
            var blob = writer.Write();

            var payload = NodeSeaReader.ReadBlob(blob, 0, blob.Length);

            Assert.NotNull(payload);
            Assert.True(payload.Problems.Count == 0, layout + ": " + string.Join("; ", payload.Problems));
            var main = Assert.Single(payload.Files);
            Assert.Equal("app.js", main.Name);
            Assert.Equal(writer.Main, main.Content.ToArray());
            Assert.True(main.IsEntryPoint);
        }

        [Theory]
        [InlineData(8, 8)]
        [InlineData(9, 8)]
        [InlineData(10, 8)]
        [InlineData(9, 4)]
        public void Reads_every_part_of_a_blob_that_has_them_all(int headerBytes, int sizeBytes)
        {
            var writer = Rich(headerBytes, sizeBytes);
            var blob = writer.Write();

            var payload = NodeSeaReader.ReadBlob(blob, 0, blob.Length);

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            var names = payload.Files.Select(f => f.Name).ToList();
            var expected = new List<string> { "dist/main.js", "dist/main.js.bytecode", "config.json", "logo.png" };
            if (headerBytes >= 9)
            {
                expected.Add(NodeSeaReader.ExecArgvName);
            }

            Assert.Equal(expected, names);
            Assert.Equal(
                [EmbeddedContentKind.Source, EmbeddedContentKind.Bytecode, EmbeddedContentKind.Source, EmbeddedContentKind.Asset],
                payload.Files.Take(4).Select(f => f.Kind));
            Assert.Equal(writer.CodeCache, payload.Files[1].Content.ToArray());
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], payload.Files[3].Content.ToArray());
            Assert.False(payload.Files[2].IsScript);
            if (headerBytes >= 9)
            {
                var argv = Encoding.UTF8.GetString(payload.Files[4].Content.Span);
                Assert.Contains("--max-old-space-size=64", argv, StringComparison.Ordinal);
                Assert.Contains("--no-warnings", argv, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Reads_a_Node_20_3_blob_that_has_no_code_path()
        {
            var writer = new NodeSeaBlobWriter { HasCodePath = false };
            var blob = writer.Write();

            var payload = NodeSeaReader.ReadBlob(blob, 0, blob.Length);

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            var main = Assert.Single(payload.Files);
            Assert.Equal(NodeSeaReader.DefaultMainName, main.Name);
            Assert.Equal(writer.Main, main.Content.ToArray());
        }

        [Theory]
        [InlineData(4)]
        [InlineData(8)]
        public void Reads_a_Node_20_0_to_20_2_blob_whose_code_follows_the_header(int codeStart)
        {
            var raw = codeStart == 4 ? NodeSeaBlobWriter.RawLayout.MagicThenCode : NodeSeaBlobWriter.RawLayout.FlagsThenCode;
            var blob = new NodeSeaBlobWriter { Raw = raw, Main = Utf8(AppSource) }.Write();

            var payload = NodeSeaReader.ReadBlob(blob, 0, blob.Length);

            Assert.NotNull(payload);
            var main = Assert.Single(payload.Files);
            Assert.Equal(AppSource, Encoding.UTF8.GetString(main.Content.Span));
            Assert.Equal(blob.Length - codeStart, main.Content.Length);
        }

        [Fact]
        public void Marks_a_startup_snapshot_as_bytecode_without_source()
        {
            var blob = new NodeSeaBlobWriter { UseSnapshot = true, Main = [1, 2, 3, 4, 0, 0, 9] }.Write();

            var payload = NodeSeaReader.ReadBlob(blob, 0, blob.Length);

            var main = Assert.Single(payload!.Files);
            Assert.Equal(EmbeddedContentKind.Bytecode, main.Kind);
            Assert.True(main.IsEntryPoint);
            Assert.False(main.IsScript);
            Assert.Contains("snapshot", main.Note, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("../../outside/app.js", "outside/app.js")]
        [InlineData("/home/dev/project/app.js", "home/dev/project/app.js")]
        [InlineData("C:\\work\\app.js", "work/app.js")]
        [InlineData("./app.js", "app.js")]
        [InlineData("..", NodeSeaReader.DefaultMainName)]
        public void Turns_the_code_path_into_a_relative_name_so_the_script_is_not_refused(string codePath, string name)
        {
            var blob = new NodeSeaBlobWriter { CodePath = codePath }.Write();

            var payload = NodeSeaReader.ReadBlob(blob, 0, blob.Length);

            Assert.Equal(name, Assert.Single(payload!.Files).Name);
        }

        [Fact]
        public void Reports_flags_it_does_not_know_and_reads_the_rest()
        {
            var writer = new NodeSeaBlobWriter { ExtraFlags = 1u << 7 };
            var blob = writer.Write();

            var payload = NodeSeaReader.ReadBlob(blob, 0, blob.Length);

            Assert.Contains(payload!.Problems, p => p.Contains("flags", StringComparison.Ordinal));
            Assert.Equal(writer.Main, Assert.Single(payload.Files).Content.ToArray());
        }

        [Fact]
        public void Reads_a_blob_in_the_middle_of_a_file_as_slices_of_that_file()
        {
            var blob = Rich().Write();
            var file = new byte[100 + blob.Length + 50];
            Random.Shared.NextBytes(file);
            blob.CopyTo(file, 100);

            var payload = NodeSeaReader.ReadBlob(file, 100, blob.Length);

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            Assert.Equal(4, payload.Files.Count);
            Assert.All(payload.Files, f => Assert.True(IsSliceOf(f.Content, file, 100, 100 + blob.Length)));
        }

        [Fact]
        public void Ignores_zero_padding_after_the_last_field()
        {
            var blob = new NodeSeaBlobWriter().Write();

            var payload = NodeSeaReader.ReadBlob((byte[])[.. blob, 0, 0, 0, 0, 0, 0, 0], 0, blob.Length + 7);

            Assert.Empty(payload!.Problems);
            Assert.Single(payload.Files);
        }

        [Fact]
        public void Reports_bytes_after_the_last_field()
        {
            var blob = new NodeSeaBlobWriter().Write();

            var payload = NodeSeaReader.ReadBlob((byte[])[.. blob, 1, 2, 3], 0, blob.Length + 3);

            Assert.Contains(payload!.Problems, p => p.Contains("3 bytes follow", StringComparison.Ordinal));
            Assert.Single(payload.Files);
        }

        [Fact]
        public void Returns_null_for_a_bad_magic()
        {
            var blob = new NodeSeaBlobWriter().Write();
            blob[0] ^= 0xFF;

            Assert.Null(NodeSeaReader.ReadBlob(blob, 0, blob.Length));
        }

        [Theory]
        [InlineData(-1, 10)]
        [InlineData(0, -1)]
        [InlineData(1000, 10)]
        [InlineData(long.MaxValue, long.MaxValue)]
        public void Returns_null_for_a_range_outside_the_file(long offset, long length)
        {
            var blob = new NodeSeaBlobWriter().Write();

            Assert.Null(NodeSeaReader.ReadBlob(blob, offset, length));
        }

        [Fact]
        public void Reads_what_is_there_when_the_range_runs_past_the_end_of_the_file()
        {
            var blob = new NodeSeaBlobWriter().Write();

            var payload = NodeSeaReader.ReadBlob(blob, 0, long.MaxValue);

            Assert.NotNull(payload);
            Assert.Contains(payload.Problems, p => p.Contains("file ends", StringComparison.Ordinal));
            Assert.Single(payload.Files);
        }

        [Fact]
        public void Keeps_a_truncated_main_script_and_says_so()
        {
            var writer = new NodeSeaBlobWriter { Main = Utf8(AppSource) };
            var blob = writer.Write();

            var payload = NodeSeaReader.ReadBlob(blob, 0, blob.Length - 10);

            Assert.NotNull(payload);
            Assert.Contains(payload.Problems, p => p.Contains("main code", StringComparison.Ordinal));
            Assert.Equal(AppSource[..^10], Encoding.UTF8.GetString(Assert.Single(payload.Files).Content.Span));
        }

        [Fact]
        public void Reads_only_inside_a_region_shorter_than_its_fields()
        {
            var blob = Rich().Write();
            var file = new byte[blob.Length + 64];
            blob.CopyTo(file, 0);

            for (var length = 0; length <= blob.Length; length++)
            {
                var payload = NodeSeaReader.ReadBlob(file, 0, length);

                if (length < 4)
                {
                    Assert.Null(payload);
                    continue;
                }

                Assert.NotNull(payload);
                Assert.All(payload.Files, f => Assert.True(IsSliceOf(f.Content, file, 0, length), $"length {length}: {f.Name} outside the region"));
                if (length < blob.Length)
                {
                    Assert.NotEmpty(payload.Problems);
                }
            }
        }
    }

    public sealed class OnDamagedBlobs
    {
        public static TheoryData<int, int> Shapes => new() { { 8, 8 }, { 9, 8 }, { 10, 8 }, { 8, 4 }, { 9, 4 } };

        [Theory]
        [MemberData(nameof(Shapes))]
        public void Never_throws_when_truncated_at_any_byte(int headerBytes, int sizeBytes)
        {
            var blob = Rich(headerBytes, sizeBytes).Write();

            for (var length = 0; length <= blob.Length; length++)
            {
                var cut = blob[..length];
                var payload = NodeSeaReader.ReadBlob(cut, 0, cut.Length);
                Assert.All(payload?.Files ?? [], f => Assert.True(IsSliceOf(f.Content, cut, 0, length)));
            }
        }

        [Theory]
        [MemberData(nameof(Shapes))]
        public void Never_throws_when_a_length_or_count_is_all_ones(int headerBytes, int sizeBytes)
        {
            var writer = Rich(headerBytes, sizeBytes);
            var blob = writer.Write();
            Assert.True(writer.LengthFields.Count >= 8);

            foreach (var field in writer.LengthFields)
            {
                var damaged = (byte[])blob.Clone();
                damaged.AsSpan(field, sizeBytes).Fill(0xFF);

                var payload = NodeSeaReader.ReadBlob(damaged, 0, damaged.Length);

                Assert.NotNull(payload);
                Assert.NotEmpty(payload.Problems);
                Assert.All(payload.Files, f => Assert.True(IsSliceOf(f.Content, damaged, 0, damaged.Length)));
            }
        }

        [Fact]
        public void Never_throws_on_thousands_of_seeded_mutations()
        {
            var random = new Random(20240611);
            var shapes = new[] { Rich(8), Rich(9), Rich(10), Rich(8, 4), new NodeSeaBlobWriter { HasCodePath = false } };
            for (var round = 0; round < 4000; round++)
            {
                var writer = shapes[round % shapes.Length];
                var blob = writer.Write();
                var mutations = 1 + random.Next(4);
                for (var m = 0; m < mutations; m++)
                {
                    switch (random.Next(4))
                    {
                        case 0:
                            blob[random.Next(blob.Length)] = (byte)random.Next(256);
                            break;
                        case 1 when writer.LengthFields.Count > 0:
                            var field = writer.LengthFields[random.Next(writer.LengthFields.Count)];
                            if (field + 4 <= blob.Length)
                            {
                                BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(field), (uint)random.Next());
                            }

                            break;
                        case 2:
                            blob = blob[..random.Next(4, blob.Length + 1)];
                            break;
                        default:
                            if (blob.Length > 4)
                            {
                                blob[4 + random.Next(Math.Min(6, blob.Length - 4))] = (byte)random.Next(256);
                            }

                            break;
                    }
                }

                var offset = random.Next(3);
                var file = new byte[offset + blob.Length + random.Next(3)];
                blob.CopyTo(file, offset);
                var claimed = blob.Length + random.Next(-2, 3);

                var payload = NodeSeaReader.ReadBlob(file, offset, claimed);

                var end = Math.Min((long)offset + Math.Max(claimed, 0), file.Length);
                Assert.All(payload?.Files ?? [], f => Assert.True(IsSliceOf(f.Content, file, offset, end), $"round {round}: {f.Name}"));
            }
        }
    }

    public sealed class TheContainsMethod
    {
        [Fact]
        public void Sees_a_sea_blob_region_in_the_image_or_a_slice() =>
            Assert.True(NodeSeaReader.Contains(new NativeImage
            {
                Format = NativeFormat.MachOUniversal,
                Architecture = "universal",
                Regions = [],
                ImageEnd = 0,
                Slices = [Image(new NativeRegion(NativeRegionKind.Section, "NODE_SEA,__NODE_SEA_BLOB", 0, 10))],
            }));

        [Fact]
        public void Says_no_without_an_image_or_a_blob_region()
        {
            Assert.False(NodeSeaReader.Contains(null));
            Assert.False(NodeSeaReader.Contains(Image(new NativeRegion(NativeRegionKind.Section, ".text", 0, 10))));
        }
    }

    public sealed class TheTryReadMethod
    {
        private static (byte[] File, NodeSeaBlobWriter Writer) FileWithBlobAt(int offset)
        {
            var writer = Rich();
            var blob = writer.Write();
            var file = new byte[offset + blob.Length + 32];
            blob.CopyTo(file, offset);
            return (file, writer);
        }

        [Theory]
        [InlineData(NativeRegionKind.Note, "NODE_SEA_BLOB")]
        [InlineData(NativeRegionKind.Resource, "RCDATA/NODE_SEA_BLOB")]
        [InlineData(NativeRegionKind.Section, "NODE_SEA,__NODE_SEA_BLOB")]
        public void Reads_the_blob_from_the_note_resource_or_section(NativeRegionKind kind, string name)
        {
            var (file, writer) = FileWithBlobAt(64);
            var length = writer.Write().Length;

            var payload = NodeSeaReader.TryRead(file, Image(new NativeRegion(NativeRegionKind.Section, ".text", 0, 64), new NativeRegion(kind, name, 64, length)));

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            Assert.Equal((64L, (long)length), (payload.Offset, payload.Length));
            Assert.Equal("dist/main.js", payload.Files[0].Name);
        }

        [Fact]
        public void Returns_null_when_the_image_has_no_sea_blob()
        {
            var (file, _) = FileWithBlobAt(64);

            Assert.Null(NodeSeaReader.TryRead(file, Image(new NativeRegion(NativeRegionKind.Section, ".rodata", 0, 64))));
        }

        [Fact]
        public void Reports_a_set_fuse_when_the_image_has_no_blob_region()
        {
            var file = Encoding.ASCII.GetBytes($"runtime data {NodeSeaBuilder.SentinelFuse}:1 more runtime data");

            var payload = NodeSeaReader.TryRead(file, Image(new NativeRegion(NativeRegionKind.Section, ".rodata", 0, 12)));

            Assert.NotNull(payload);
            Assert.Empty(payload.Files);
            Assert.Contains("fuse is set", Assert.Single(payload.Problems), StringComparison.Ordinal);
        }

        [Fact]
        public void Says_nothing_about_a_fuse_that_is_not_set()
        {
            var file = Encoding.ASCII.GetBytes($"runtime data {NodeSeaBuilder.SentinelFuse}:0 more runtime data");

            Assert.Null(NodeSeaReader.TryRead(file, Image(new NativeRegion(NativeRegionKind.Section, ".rodata", 0, 12))));
            Assert.False(NodeSeaReader.HasFuseSet(file));
        }

        [Fact]
        public void Reports_a_blob_region_that_is_not_a_sea_blob()
        {
            var file = new byte[256];

            var payload = NodeSeaReader.TryRead(file, Image(new NativeRegion(NativeRegionKind.Note, "NODE_SEA_BLOB", 16, 100)));

            Assert.NotNull(payload);
            Assert.Empty(payload.Files);
            Assert.Contains(payload.Problems, p => p.Contains("magic", StringComparison.Ordinal));
        }

        [Fact]
        public void Reads_the_first_blob_and_reports_a_different_one_in_another_slice()
        {
            var first = new NodeSeaBlobWriter { Main = Utf8("console.log(1);") }.Write();
            var second = new NodeSeaBlobWriter { Main = Utf8("console.log(2);") }.Write();
            var file = new byte[512];
            first.CopyTo(file, 16);
            second.CopyTo(file, 256);
            var image = new NativeImage
            {
                Format = NativeFormat.MachOUniversal,
                Architecture = "universal",
                Regions = [],
                ImageEnd = file.Length,
                Slices =
                [
                    new NativeImage { Format = NativeFormat.MachO, Architecture = "x86-64", Regions = [new(NativeRegionKind.Section, "NODE_SEA,__NODE_SEA_BLOB", 16, first.Length)], ImageEnd = 256 },
                    new NativeImage { Format = NativeFormat.MachO, Architecture = "arm64", Regions = [new(NativeRegionKind.Section, "NODE_SEA,__NODE_SEA_BLOB", 256, second.Length)], ImageEnd = 512 },
                ],
            };

            var payload = NodeSeaReader.TryRead(file, image);

            Assert.NotNull(payload);
            Assert.Equal("console.log(1);", Encoding.UTF8.GetString(Assert.Single(payload.Files).Content.Span));
            Assert.Contains(payload.Problems, p => p.Contains("differs", StringComparison.Ordinal));
        }

        [Fact]
        public void Says_nothing_about_identical_blobs_in_several_slices()
        {
            var blob = new NodeSeaBlobWriter().Write();
            var file = new byte[512];
            blob.CopyTo(file, 16);
            blob.CopyTo(file, 256);
            var image = Image(
                new NativeRegion(NativeRegionKind.Section, "NODE_SEA,__NODE_SEA_BLOB", 16, blob.Length),
                new NativeRegion(NativeRegionKind.Section, "NODE_SEA,__NODE_SEA_BLOB", 256, blob.Length));

            var payload = NodeSeaReader.TryRead(file, image);

            Assert.Empty(payload!.Problems);
            Assert.Single(payload.Files);
        }
    }
}
