using System.Text;
using Telltale.Artifacts;
using Telltale.Artifacts.Native;

namespace Telltale.Tests.Artifacts.Native;

public sealed class BunModuleGraphReaderTests
{
    private const string Source = "const host = process.env.API_URL;\nconsole.log('hello from ' + host);\n";

    private static readonly byte[] Host = File.ReadAllBytes("/bin/true");

    private static EmbeddedPayload Read(byte[] file) =>
        BunModuleGraphReader.TryRead(file, NativeImage.TryRead(file, out _)) ?? throw new Xunit.Sdk.XunitException("no Bun payload found");

    public sealed class TheTryReadMethod
    {
        [Fact]
        public void Finds_the_entry_module_of_a_real_bun_build_with_its_source()
        {
            var file = File.ReadAllBytes(BunBuilder.Build(Source));

            var payload = Read(file);

            Assert.Equal("bun", payload.Format);
            Assert.Empty(payload.Problems);
            var entry = Assert.Single(payload.Files, f => f.IsEntryPoint);
            Assert.Equal("$bunfs/root/app", entry.Name);
            Assert.True(entry.IsScript);
            Assert.Equal(EmbeddedContentKind.Source, entry.Kind);
            var text = Encoding.Latin1.GetString(entry.Content.Span);
            Assert.Contains("process.env.API_URL", text, StringComparison.Ordinal);
            Assert.Contains("hello from ", text, StringComparison.Ordinal);
        }

        [Fact]
        public void Finds_the_graph_inside_the_bun_section_of_the_elf()
        {
            var file = File.ReadAllBytes(BunBuilder.Build(Source));
            var image = NativeImage.TryRead(file, out _)!;
            var section = Assert.Single(image.Find(".bun"));

            var payload = Read(file);

            Assert.InRange(payload.Offset, section.Offset, section.End);
            Assert.InRange(payload.Offset + payload.Length, section.Offset, section.End);
        }

        [Fact]
        public void Splits_off_the_bytecode_of_a_bytecode_build_as_its_own_file()
        {
            var file = File.ReadAllBytes(BunBuilder.Build(Source, new BunBuildOptions { Bytecode = true }));

            var payload = Read(file);

            var source = Assert.Single(payload.Files, f => f.Name == "$bunfs/root/app");
            Assert.StartsWith("// @bun @bytecode", Encoding.Latin1.GetString(source.Content.Span), StringComparison.Ordinal);
            var bytecode = Assert.Single(payload.Files, f => f.Kind == EmbeddedContentKind.Bytecode);
            Assert.Equal("$bunfs/root/app.jsc", bytecode.Name);
            Assert.True(bytecode.Content.Length > 0);
            Assert.Null(bytecode.Note);
        }

        [Theory]
        [InlineData(52, 32)]
        [InlineData(44, 32)]
        [InlineData(36, 32)]
        [InlineData(36, 24)]
        public void Reads_every_record_and_offsets_layout_appended_to_the_file(int recordSize, int offsetsSize)
        {
            var graph = new BunGraphWriter { RecordSize = recordSize, OffsetsSize = offsetsSize, EntryPointId = 1 }
                .Add(BunTestModule.Script("/$bunfs/root/chunk.js", "export const a = 1;"))
                .Add(BunTestModule.Script("/$bunfs/root/main.js", Source))
                .Add(new BunTestModule("/$bunfs/root/logo.png", [0x89, 0x50, 0x4E, 0x47], Encoding: 0, Loader: 5));

            var payload = Read(graph.AppendTo(Host));

            Assert.Equal(["$bunfs/root/chunk.js", "$bunfs/root/main.js", "$bunfs/root/logo.png"], payload.Files.Select(f => f.Name));
            Assert.Equal("$bunfs/root/main.js", Assert.Single(payload.Files, f => f.IsEntryPoint).Name);
            Assert.Equal(Source, Encoding.Latin1.GetString(payload.Files[1].Content.Span));
            Assert.Equal(ContentEncoding.Latin1, payload.Files[1].Encoding);
            Assert.Equal(EmbeddedContentKind.Asset, payload.Files[2].Kind);
            Assert.False(payload.Files[2].IsScript);
            Assert.Equal(Host.Length, payload.Offset);
        }

        [Fact]
        public void Reads_windows_module_names_below_their_virtual_root()
        {
            var graph = new BunGraphWriter().Add(BunTestModule.Script("B:/~BUN/root/main.js", Source));

            Assert.Equal("~BUN/root/main.js", Assert.Single(Read(graph.AppendTo(Host)).Files).Name);
        }

        [Fact]
        public void Gives_each_module_its_own_part_of_a_shared_bytecode_blob()
        {
            var blob = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
            var graph = new BunGraphWriter()
                .Add(BunTestModule.Script("/$bunfs/root/a.js", "// @bun @bytecode\nexport const a = 1;") with { SharedBytecode = blob, SharedBytecodeOffset = 0 })
                .Add(BunTestModule.Script("/$bunfs/root/b.js", "// @bun @bytecode\nexport const b = 2;") with { SharedBytecode = blob, SharedBytecodeOffset = 100 });

            var payload = Read(graph.AppendTo(Host));

            var a = Assert.Single(payload.Files, f => f.Name == "$bunfs/root/a.js.jsc");
            var b = Assert.Single(payload.Files, f => f.Name == "$bunfs/root/b.js.jsc");
            Assert.Equal(blob[..100], a.Content.ToArray());
            Assert.Equal(blob[100..], b.Content.ToArray());
        }

        [Fact]
        public void Marks_a_module_that_ships_only_bytecode()
        {
            var graph = new BunGraphWriter()
                .Add(BunTestModule.Script("/$bunfs/root/main.js", "// @bun @bytecode @bun-cjs") with { Bytecode = Encoding.ASCII.GetBytes("\x01\x02hidden-string-in-bytecode\x03") });

            var payload = Read(graph.AppendTo(Host));

            var bytecode = Assert.Single(payload.Files, f => f.Kind == EmbeddedContentKind.Bytecode);
            Assert.NotNull(bytecode.Note);
            Assert.Contains("bytecode only", bytecode.Note, StringComparison.Ordinal);
        }

        [Fact]
        public void Returns_null_for_an_executable_without_a_graph() =>
            Assert.Null(BunModuleGraphReader.TryRead(Host, NativeImage.TryRead(Host, out _)));

        [Fact]
        public void Reports_a_trailer_whose_table_fits_no_layout_instead_of_guessing()
        {
            var file = new BunGraphWriter().Add(BunTestModule.Script("/$bunfs/root/main.js", Source)).AppendTo(Host);

            // The module count no longer divides into any record size.
            var offsetsAt = file.Length - BunGraphWriter.Trailer.Length - 32;
            file[offsetsAt + 12] += 3;

            var payload = BunModuleGraphReader.TryRead(file, null);

            Assert.NotNull(payload);
            Assert.Empty(payload.Files);
            Assert.Contains(payload.Problems, p => p.Contains("no module table layout fits", StringComparison.Ordinal));
        }

        [Fact]
        public void Rejects_a_name_outside_the_virtual_file_system()
        {
            var file = new BunGraphWriter().Add(BunTestModule.Script("/etc/passwd", Source)).AppendTo(Host);

            Assert.Empty(BunModuleGraphReader.TryRead(file, null)?.Files ?? []);
        }

        [Fact]
        public void Never_throws_on_a_truncated_graph()
        {
            var file = new BunGraphWriter()
                .Add(BunTestModule.Script("/$bunfs/root/main.js", Source) with { Bytecode = new byte[64] })
                .AppendTo(Host);
            for (var cut = Host.Length; cut <= file.Length; cut++)
            {
                var truncated = file[..cut];
                var payload = BunModuleGraphReader.TryRead(truncated, null);
                Assert.All(payload?.Files ?? [], f => Assert.True(f.Content.Length <= truncated.Length));
            }
        }

        [Fact]
        public void Never_throws_on_mutated_records_and_offsets()
        {
            var graph = new BunGraphWriter { EntryPointId = 1 }
                .Add(BunTestModule.Script("/$bunfs/root/a.js", "export const a = 1;") with { Bytecode = new byte[40] })
                .Add(BunTestModule.Script("/$bunfs/root/main.js", Source));
            var bytes = graph.Write(out var recordsAt);
            var random = new Random(5);
            for (var round = 0; round < 3000; round++)
            {
                var mutated = (byte[])bytes.Clone();
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    var at = random.Next(recordsAt, mutated.Length - BunGraphWriter.Trailer.Length);
                    mutated[at] = random.Next(4) == 0 ? (byte)0xFF : (byte)random.Next(256);
                }

                var payload = BunModuleGraphReader.TryRead(mutated, null);
                Assert.All(payload?.Files ?? [], f => Assert.True(f.Content.Length <= mutated.Length));
            }
        }
    }

    public sealed class TheReadAllMethod
    {
        [Fact]
        public void Reads_the_section_graph_and_reports_a_bogus_trailer_appended_after_it()
        {
            var built = File.ReadAllBytes(BunBuilder.Build(Source));
            byte[] file = [.. built, .. Enumerable.Repeat((byte)0xFF, 32), .. Encoding.ASCII.GetBytes(BunGraphWriter.Trailer)];

            var graphs = BunModuleGraphReader.ReadAll(file, NativeImage.TryRead(file, out _));

            Assert.Equal(2, graphs.Count);
            Assert.Contains(graphs[0].Files, f => f.Name == "$bunfs/root/app" && f.IsEntryPoint);
            Assert.Empty(graphs[0].Problems);
            Assert.Empty(graphs[1].Files);
            Assert.Equal(built.Length + 32, graphs[1].Offset);
            Assert.Contains("no module table layout fits", Assert.Single(graphs[1].Problems), StringComparison.Ordinal);
        }

        [Fact]
        public void Reads_a_second_graph_appended_after_the_section_one()
        {
            var built = File.ReadAllBytes(BunBuilder.Build(Source));
            var appended = new BunGraphWriter().Add(BunTestModule.Script("/$bunfs/root/other.js", "require('child_process');")).AppendTo(built);

            var graphs = BunModuleGraphReader.ReadAll(appended, NativeImage.TryRead(appended, out _));

            Assert.Equal(["$bunfs/root/app", "$bunfs/root/other.js"], graphs.SelectMany(g => g.Files).Select(f => f.Name));
            Assert.All(graphs, g => Assert.Empty(g.Problems));
        }

        [Fact]
        public void Passes_over_a_trailer_constant_inside_the_image_but_reports_one_appended_after_it()
        {
            byte[] rodata = [.. new byte[64], .. Encoding.ASCII.GetBytes("search for" + BunGraphWriter.Trailer), .. new byte[32]];
            var elf = NativeSyntheticImages.Elf(wide: true, bigEndian: false, [], [new(".rodata", NativeSyntheticImages.ElfSectionProgBits, rodata)]);
            byte[] appended = [.. elf, .. Enumerable.Repeat((byte)0xFF, 32), .. Encoding.ASCII.GetBytes(BunGraphWriter.Trailer)];

            Assert.False(BunModuleGraphReader.Contains(elf, NativeImage.TryRead(elf, out _)));
            Assert.Empty(BunModuleGraphReader.ReadAll(elf, NativeImage.TryRead(elf, out _)));
            Assert.True(BunModuleGraphReader.Contains(appended, NativeImage.TryRead(appended, out _)));
            Assert.NotEmpty(Assert.Single(BunModuleGraphReader.ReadAll(appended, NativeImage.TryRead(appended, out _))).Problems);
        }

        [Fact]
        public void Is_empty_for_an_executable_without_a_trailer() =>
            Assert.Empty(BunModuleGraphReader.ReadAll(Host, NativeImage.TryRead(Host, out _)));
    }
}
