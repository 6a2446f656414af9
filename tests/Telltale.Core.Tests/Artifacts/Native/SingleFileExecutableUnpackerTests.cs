using System.Runtime.InteropServices;
using Telltale.Artifacts;
using Telltale.Artifacts.Native;
using Telltale.Scanning;

namespace Telltale.Tests.Artifacts.Native;

public sealed class SingleFileExecutableUnpackerTests
{
    private const string Source = "const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;\nconsole.log(zone);\n";

    private static readonly byte[] Host = File.ReadAllBytes("/bin/true");

    private static (List<ArtifactEntry> Entries, UnpackContext Context) Unpack(byte[] file, string path = "tool/app")
    {
        var context = Fixtures.Context();
        var entries = new SingleFileExecutableUnpacker().Unpack(Fixtures.Container(path, file), context).ToList();
        return (entries, context);
    }

    public sealed class TheCanUnpackMethod
    {
        [Fact]
        public void Opens_a_bun_executable() =>
            Assert.True(new SingleFileExecutableUnpacker().CanUnpack("app", File.ReadAllBytes(BunBuilder.Build(Source))));

        [Fact]
        public void Leaves_a_plain_executable_alone() =>
            Assert.False(new SingleFileExecutableUnpacker().CanUnpack("true", Host));

        [Fact]
        public void Leaves_a_script_that_mentions_the_trailer_alone() =>
            Assert.False(new SingleFileExecutableUnpacker().CanUnpack("x.js", Fixtures.Utf8("const t = '\\n---- Bun! ----\\n';\n---- Bun! ----\n")));
    }

    public sealed class TheUnpackMethod
    {
        [Fact]
        public void Yields_the_modules_as_javascript_and_the_rest_of_the_executable_as_binary()
        {
            var file = File.ReadAllBytes(BunBuilder.Build(Source));

            var (entries, context) = Unpack(file);

            Assert.Empty(context.Refusals);
            var module = Assert.Single(entries, e => e.Name == "$bunfs/root/app");
            Assert.Equal("tool/app!/$bunfs/root/app", module.Path);
            Assert.Equal(EntryKind.JavaScript, module.Kind);
            Assert.Equal(1, module.Depth);
            Assert.Contains("resolvedOptions().timeZone", module.ReadText(), StringComparison.Ordinal);
            var host = Assert.Single(entries, e => e.Name == SingleFileExecutableUnpacker.HostEntryName);
            Assert.Equal(EntryKind.Binary, host.Kind);
            Assert.True(file.AsSpan().StartsWith(host.Content.Span));

            // Everything but the payload is scanned once: the host parts and the modules add up to the file.
            var payload = BunModuleGraphReader.TryRead(file, NativeImage.TryRead(file, out _))!;
            Assert.Equal(file.Length - payload.Length, entries.Where(e => e.Name.StartsWith(SingleFileExecutableUnpacker.HostEntryName, StringComparison.Ordinal)).Sum(e => (long)e.Content.Length));
        }

        [Fact]
        public void Yields_a_second_graph_with_clashing_names_under_its_own_prefix()
        {
            var built = File.ReadAllBytes(BunBuilder.Build(Source));
            var file = new BunGraphWriter().Add(BunTestModule.Script("/$bunfs/root/app", "require('child_process').exec(process.argv[2]);")).AppendTo(built);
            var second = BunModuleGraphReader.ReadAll(file, NativeImage.TryRead(file, out _))[1];

            var (entries, context) = Unpack(file);

            Assert.Empty(context.Refusals);
            Assert.Contains("resolvedOptions().timeZone", Assert.Single(entries, e => e.Name == "$bunfs/root/app").ReadText(), StringComparison.Ordinal);
            var appended = Assert.Single(entries, e => e.Name == $"(bun at {second.Offset})/$bunfs/root/app");
            Assert.Contains("child_process", appended.ReadText(), StringComparison.Ordinal);
            Assert.Equal(2, context.Payloads.Count);
        }

        [Fact]
        public void Slices_the_executable_instead_of_copying_it()
        {
            var file = File.ReadAllBytes(BunBuilder.Build(Source));

            var (entries, _) = Unpack(file);

            Assert.All(entries, e =>
            {
                Assert.True(MemoryMarshal.TryGetArray(e.Content, out var segment));
                Assert.Same(file, segment.Array);
            });
        }

        [Fact]
        public void Reports_a_bytecode_only_module()
        {
            var file = new BunGraphWriter()
                .Add(BunTestModule.Script("/$bunfs/root/main.js", "// @bun @bytecode") with { Bytecode = Fixtures.Utf8("\u0001ANTHROPIC_BASE_URL\u0002") })
                .AppendTo(Host);

            var (entries, context) = Unpack(file);

            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.BytecodeOnly, refusal.Kind);
            Assert.Equal("tool/app!/$bunfs/root/main.js.jsc", refusal.Path);
            var bytecode = Assert.Single(entries, e => e.Name == "$bunfs/root/main.js.jsc");
            Assert.Equal(EntryKind.Binary, bytecode.Kind);
        }

        [Fact]
        public void Refuses_a_module_name_that_climbs_out()
        {
            var file = new BunGraphWriter()
                .Add(BunTestModule.Script("/$bunfs/root/../../../etc/cron.d/x", Source))
                .Add(BunTestModule.Script("/$bunfs/root/ok.js", Source))
                .AppendTo(Host);

            var (entries, context) = Unpack(file);

            Assert.Contains(context.Refusals, r => r.Kind == RefusalKind.PathTraversal);
            Assert.Contains(entries, e => e.Name == "$bunfs/root/ok.js");
            Assert.DoesNotContain(entries, e => e.Name.Contains("..", StringComparison.Ordinal) || e.Name.Contains("etc/", StringComparison.Ordinal));
        }

        [Fact]
        public void Holds_embedded_files_to_the_entry_limits()
        {
            var file = new BunGraphWriter()
                .Add(BunTestModule.Script("/$bunfs/root/a.js", Source))
                .Add(BunTestModule.Script("/$bunfs/root/b.js", Source))
                .AppendTo(Host);
            var context = Fixtures.Context(new ScanLimits { MaxEntries = 1 });

            var entries = new SingleFileExecutableUnpacker().Unpack(Fixtures.Container("app", file), context).ToList();

            Assert.Single(entries);
            Assert.Contains(context.Refusals, r => r.Kind == RefusalKind.TooManyEntries);
        }
    }

    public sealed class DamagedApplications
    {
        private static readonly byte[] BogusTrailer = [.. Enumerable.Repeat((byte)0xFF, 32), .. Fixtures.Utf8(BunGraphWriter.Trailer)];

        [Fact]
        public void Are_one_host_entry_of_the_whole_file_that_the_expander_never_opens_again()
        {
            using var temp = new TempDirectory();
            byte[] file = [.. Host, .. BogusTrailer];
            var context = Fixtures.Context();

            var entries = ArtifactExpander.Default.Expand(temp.Write("app", file), context).ToList();

            var host = Assert.Single(entries);
            Assert.Equal(SingleFileExecutableUnpacker.HostEntryName, host.Path);
            Assert.Equal(file.Length, host.Content.Length);
            Assert.Equal(EntryKind.Binary, host.Kind);
            Assert.Equal(SingleFileExecutableUnpacker.FormatName, host.RemainderOf);
            Assert.All(context.Refusals, r => Assert.Equal(RefusalKind.DamagedApplication, r.Kind));
            Assert.Contains(context.Refusals, r => r.Path == "app" && r.Message.StartsWith("bun payload: ", StringComparison.Ordinal));
        }

        [Fact]
        public void Still_read_a_sea_blob_behind_a_broken_bun_trailer()
        {
            byte[] file = [.. File.ReadAllBytes(NodeSeaBuilder.Build(Source)), .. BogusTrailer];

            var (entries, context) = Unpack(file);

            var main = Assert.Single(entries, e => e.Name == "app.js");
            Assert.Equal(EntryKind.JavaScript, main.Kind);
            Assert.Contains(context.Refusals, r => r.Kind == RefusalKind.DamagedApplication && r.Message.StartsWith("bun payload: ", StringComparison.Ordinal));
            var host = Assert.Single(entries, e => e.RemainderOf is not null);
            Assert.Equal(file.Length, host.Content.Length);
        }

        [Fact]
        public void Still_read_a_pkg_snapshot_behind_a_broken_bun_trailer()
        {
            var file = new PkgFixtureBuilder
            {
                Files = [new("/app/index.js", Fixtures.Utf8(Source))],
                Trailer = BogusTrailer,
            }.Build().Bytes;

            var (entries, context) = Unpack(file);

            Assert.Equal(Source, Fixtures.Text(Assert.Single(entries, e => e.Name == "snapshot/app/index.js")));
            Assert.Contains(context.Refusals, r => r.Kind == RefusalKind.DamagedApplication && r.Message.StartsWith("bun payload: ", StringComparison.Ordinal));
            Assert.Equal(file.Length, Assert.Single(entries, e => e.RemainderOf is not null).Content.Length);
        }

        [Fact]
        public void Report_marks_that_no_reader_stands_behind()
        {
            // Inside the image, a trailer is read only if a graph reads; this offsets record fits, its modules do not.
            var offsets = new byte[32];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(offsets, 64);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(offsets.AsSpan(12), 52);
            byte[] rodata = [.. new byte[64], .. offsets, .. Fixtures.Utf8(BunGraphWriter.Trailer), .. new byte[16]];
            var file = NativeSyntheticImages.Elf(wide: true, bigEndian: false, [], [new(".rodata", NativeSyntheticImages.ElfSectionProgBits, rodata)]);
            Assert.True(new SingleFileExecutableUnpacker().CanUnpack("app", file));

            var (entries, context) = Unpack(file);

            Assert.Equal(file.Length, Assert.Single(entries).Content.Length);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.DamagedApplication, refusal.Kind);
            Assert.Contains("no layout of it reads", refusal.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Keep_their_host_bytes_apart_from_a_sound_payload()
        {
            var file = new BunGraphWriter().Add(BunTestModule.Script("/$bunfs/root/main.js", Source)).AppendTo(Host);

            var (entries, context) = Unpack(file);

            Assert.Empty(context.Refusals);
            Assert.Equal(Host.Length, Assert.Single(entries, e => e.RemainderOf is not null).Content.Length);
        }
    }
}
