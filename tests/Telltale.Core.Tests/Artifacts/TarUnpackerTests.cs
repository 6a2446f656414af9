using System.Formats.Tar;
using System.IO.Compression;
using Telltale.Artifacts;
using Telltale.Scanning;

namespace Telltale.Tests.Artifacts;

public sealed class TarUnpackerTests
{
    private static readonly byte[] Js = Fixtures.Utf8("module.exports = 42;\n");

    private static (List<ArtifactEntry> Entries, UnpackContext Context) Unpack(byte[] archive, ScanLimits? limits = null, string path = "vendor/x.tgz")
    {
        var context = Fixtures.Context(limits);
        var entries = new TarUnpacker().Unpack(Fixtures.Container(path, archive), context).ToList();
        return (entries, context);
    }

    /// <summary>A tar.gz whose one entry of <paramref name="size"/> zeros is streamed into gzip, never held.</summary>
    private static byte[] ZeroBombTarGz(long size, char type)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Fixtures.RawTarHeader("package/bomb.js", size, type));
            using var zeros = new ZeroStream(size);
            zeros.CopyTo(gzip, 1 << 20);
            gzip.Write(new byte[1024]);
        }

        return buffer.ToArray();
    }

    public sealed class TheCanUnpackMethod
    {
        [Fact]
        public void Recognises_gzip_by_its_magic_whatever_the_name() =>
            Assert.True(new TarUnpacker().CanUnpack("blob.bin", Fixtures.TarGz(("a.js", Js))));

        [Fact]
        public void Recognises_an_uncompressed_ustar_archive() =>
            Assert.True(new TarUnpacker().CanUnpack("blob.bin", Fixtures.Tar(("a.js", Js))));

        [Fact]
        public void Does_not_trust_the_name_alone() =>
            Assert.False(new TarUnpacker().CanUnpack("package.tgz", Fixtures.Utf8("not really a tarball")));
    }

    public sealed class TheUnpackMethod
    {
        [Fact]
        public void Yields_the_files_of_an_npm_tarball_with_paths_below_the_container()
        {
            var container = Fixtures.Container("vendor/x.tgz", Fixtures.TarGz(
                ("package/package.json", Fixtures.Utf8("{\"name\":\"x\"}")),
                ("./package//lib/index.js", Js)));
            var context = Fixtures.Context();

            var entries = new TarUnpacker().Unpack(container, context).ToList();

            Assert.Collection(entries,
                e =>
                {
                    Assert.Equal("vendor/x.tgz!/package/package.json", e.Path);
                    Assert.Equal("package/package.json", e.Name);
                    Assert.Equal(EntryKind.Json, e.Kind);
                },
                e =>
                {
                    Assert.Equal("vendor/x.tgz!/package/lib/index.js", e.Path);
                    Assert.Equal("package/lib/index.js", e.Name);
                    Assert.Equal(EntryKind.JavaScript, e.Kind);
                    Assert.Equal(Js, e.Content.ToArray());
                    Assert.Equal(1, e.Depth);
                    Assert.Same(container, e.Parent);
                });
            Assert.Empty(context.Refusals);
            Assert.Equal(2, context.EntryCount);
        }

        [Fact]
        public void Reads_an_uncompressed_tar()
        {
            var (entries, context) = Unpack(Fixtures.Tar(("a.js", Js)), path: "x.tar");
            Assert.Equal("x.tar!/a.js", Assert.Single(entries).Path);
            Assert.Empty(context.Refusals);
        }

        [Fact]
        public void Skips_directory_entries()
        {
            var archive = Fixtures.Gzip(Fixtures.Tar(writer =>
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "package/"));
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/a.js") { DataStream = new MemoryStream(Js) });
            }));
            var (entries, context) = Unpack(archive);
            Assert.Equal("package/a.js", Assert.Single(entries).Name);
            Assert.Empty(context.Refusals);
        }

        [Theory]
        [InlineData("../evil.js")]
        [InlineData("package/../../evil.js")]
        [InlineData("/etc/passwd")]
        [InlineData("C:\\Windows\\evil.js")]
        [InlineData("c:evil.js")]
        [InlineData("..\\..\\evil.js")]
        [InlineData("\\\\server\\share\\evil.js")]
        public void Refuses_paths_that_leave_the_archive_and_reads_the_rest(string hostileName)
        {
            var (entries, context) = Unpack(Fixtures.TarGz((hostileName, Js), ("package/ok.js", Js)));

            Assert.Equal("package/ok.js", Assert.Single(entries).Name);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.PathTraversal, refusal.Kind);
            Assert.StartsWith("vendor/x.tgz!/", refusal.Path, StringComparison.Ordinal);
            Assert.Equal(1, context.EntryCount);
        }

        [Fact]
        public void Refuses_a_nul_in_a_pax_path()
        {
            var pax = Fixtures.Utf8("21 path=evil.js\0.png\n");
            var archive = Fixtures.Concat(
                Fixtures.RawTarHeader("PaxHeader", pax.Length, 'x'), Fixtures.Padded(pax),
                Fixtures.RawTarHeader("ok.js", Js.Length), Fixtures.Padded(Js),
                Fixtures.RawTarHeader("next.js", Js.Length), Fixtures.Padded(Js),
                new byte[1024]);

            var (entries, context) = Unpack(Fixtures.Gzip(archive));

            Assert.Equal("next.js", Assert.Single(entries).Name);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.PathTraversal, refusal.Kind);
            Assert.Equal("vendor/x.tgz!/evil.js\\0.png", refusal.Path);
        }

        [Theory]
        [InlineData(TarEntryType.SymbolicLink)]
        [InlineData(TarEntryType.HardLink)]
        public void Refuses_links(TarEntryType type)
        {
            var archive = Fixtures.Gzip(Fixtures.Tar(writer =>
            {
                writer.WriteEntry(new PaxTarEntry(type, "package/secrets") { LinkName = "/home/user/.npmrc" });
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/a.js") { DataStream = new MemoryStream(Js) });
            }));

            var (entries, context) = Unpack(archive);

            Assert.Equal("package/a.js", Assert.Single(entries).Name);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.Link, refusal.Kind);
            Assert.Equal("vendor/x.tgz!/package/secrets", refusal.Path);
            Assert.Contains("/home/user/.npmrc", refusal.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Stops_a_gzip_bomb_at_the_compression_ratio()
        {
            var bomb = ZeroBombTarGz(200L * 1024 * 1024, '0');
            var limits = new ScanLimits { RatioFloorBytes = 1024 * 1024, MaxCompressionRatio = 50 };

            var (entries, context) = Unpack(bomb, limits);

            Assert.Empty(entries);
            Assert.Equal(RefusalKind.CompressionRatio, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Counts_bytes_it_only_skips_against_the_ratio()
        {
            // The zeros sit behind a refused name, so the reader skips them rather than returning them.
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Fixtures.RawTarHeader("../bomb.bin", 200L * 1024 * 1024));
                using var zeros = new ZeroStream(200L * 1024 * 1024);
                zeros.CopyTo(gzip, 1 << 20);
                gzip.Write(new byte[1024]);
            }

            var limits = new ScanLimits { RatioFloorBytes = 1024 * 1024, MaxCompressionRatio = 50 };

            var (entries, context) = Unpack(buffer.ToArray(), limits);

            Assert.Empty(entries);
            Assert.Equal([RefusalKind.PathTraversal, RefusalKind.CompressionRatio], context.Refusals.Select(r => r.Kind));
            Assert.Equal("vendor/x.tgz", context.Refusals[1].Path);
        }

        [Fact]
        public void Stops_a_bomb_hidden_after_the_end_of_the_archive()
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Fixtures.Tar(("package/a.js", Js)));
                using var zeros = new ZeroStream(100L * 1024 * 1024);
                zeros.CopyTo(gzip, 1 << 20);
            }

            var limits = new ScanLimits { RatioFloorBytes = 1024 * 1024, MaxCompressionRatio = 50 };

            var (entries, context) = Unpack(buffer.ToArray(), limits);

            Assert.Single(entries);
            Assert.Equal(RefusalKind.CompressionRatio, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Lets_small_compressible_files_through_below_the_ratio_floor()
        {
            var (entries, context) = Unpack(Fixtures.TarGz(("package/zeros.bin", new byte[4 * 1024 * 1024])));
            Assert.Equal(4 * 1024 * 1024, Assert.Single(entries).Content.Length);
            Assert.Empty(context.Refusals);
        }

        [Fact]
        public void Refuses_an_entry_whose_header_declares_more_than_the_entry_limit()
        {
            var archive = Fixtures.Concat(Fixtures.RawTarHeader("package/huge.js", 10L * 1024 * 1024 * 1024), Fixtures.Padded(Js), new byte[1024]);
            var (entries, context) = Unpack(archive, path: "x.tar");

            Assert.Empty(entries);
            Assert.Equal(RefusalKind.EntryTooLarge, context.Refusals[0].Kind);
            Assert.Equal("x.tar!/package/huge.js", context.Refusals[0].Path);
            Assert.Equal(0, context.TotalBytes);
        }

        [Fact]
        public void Reports_a_header_that_declares_more_data_than_the_archive_holds_and_keeps_what_is_there()
        {
            var archive = Fixtures.Concat(Fixtures.RawTarHeader("package/a.js", 1_000_000), Fixtures.Padded(Js), new byte[1024]);
            var (entries, context) = Unpack(archive, path: "x.tar");

            var partial = Assert.Single(entries);
            Assert.Equal("x.tar!/package/a.js", partial.Path);
            Assert.True(partial.Content.Span.StartsWith(Js));
            Assert.Equal(archive.Length - 512, partial.Content.Length);
            Assert.Equal(RefusalKind.Corrupt, Assert.Single(context.Refusals).Kind);
            Assert.Equal(partial.Content.Length, context.TotalBytes); // the declared million is given back
        }

        [Fact]
        public void Refuses_a_header_that_declares_less_data_than_follows()
        {
            var archive = Fixtures.Concat(Fixtures.RawTarHeader("package/a.js", 10), Fixtures.Padded(Fixtures.Utf8(new string('A', 2000))), new byte[1024]);
            var (entries, context) = Unpack(archive, path: "x.tar");

            Assert.Equal("AAAAAAAAAA", Fixtures.Text(Assert.Single(entries)));
            Assert.Equal(RefusalKind.Corrupt, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Stops_at_the_entry_limit_with_one_refusal()
        {
            var files = Enumerable.Range(0, 20).Select(i => ($"package/f{i}.js", Js)).ToArray();
            var (entries, context) = Unpack(Fixtures.TarGz(files), new ScanLimits { MaxEntries = 5 });

            Assert.Equal(5, entries.Count);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.TooManyEntries, refusal.Kind);
            Assert.True(context.EntryLimitReached);
        }

        [Fact]
        public void Refuses_a_truncated_tarball_with_a_one_line_message()
        {
            var random = new Random(7);
            var data = new byte[64 * 1024];
            random.NextBytes(data);
            var archive = Fixtures.TarGz(("package/a.bin", data), ("package/b.bin", data));

            var (_, context) = Unpack(archive[..(archive.Length / 2)]);

            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.Corrupt, refusal.Kind);
            Assert.StartsWith("vendor/x.tgz", refusal.Path, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', refusal.Message);
        }

        [Fact]
        public void Never_throws_on_any_truncation()
        {
            var archive = Fixtures.TarGz(("package/package.json", Fixtures.Utf8("{}")), ("package/a.js", Js), ("package/b.js", Js));
            for (var length = 0; length < archive.Length; length += 7)
            {
                var context = Fixtures.Context();
                _ = new TarUnpacker().Unpack(Fixtures.Container("x.tgz", archive[..length]), context).ToList();
                Assert.True(context.Refusals.Count > 0 || context.EntryCount == 0, $"cut at {length}");
            }
        }

        [Fact]
        public void Refuses_garbage_behind_a_gzip_magic()
        {
            var (entries, context) = Unpack([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02]);
            Assert.Empty(entries);
            Assert.Equal(RefusalKind.Corrupt, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Refuses_a_header_with_a_malformed_size_field()
        {
            var header = Fixtures.RawTarHeader("package/a.js", Js.Length);
            Fixtures.Utf8("9z9z9z9z9z9\0").CopyTo(header, 124);
            var (entries, context) = Unpack(Fixtures.Concat(header, Fixtures.Padded(Js), new byte[1024]), path: "x.tar");
            Assert.Empty(entries);
            Assert.Equal(RefusalKind.Corrupt, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Refuses_a_gzip_stream_cut_at_a_tar_block_boundary()
        {
            // Cut inside the deflate data but after whole tar blocks: GZipStream itself ends quietly.
            var random = new Random(11);
            var data = new byte[200 * 1024];
            random.NextBytes(data);
            var archive = Fixtures.TarGz(("package/a.bin", data));

            var (_, context) = Unpack(archive[..^8]);

            Assert.Equal(RefusalKind.Corrupt, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Unpacks_a_plain_gzip_file_as_its_one_decompressed_file()
        {
            var (entries, context) = Unpack(Fixtures.Gzip(Js), path: "package/payload.js.gz");

            var entry = Assert.Single(entries);
            Assert.Equal("package/payload.js.gz!/payload.js", entry.Path);
            Assert.Equal(EntryKind.JavaScript, entry.Kind);
            Assert.Equal(Js, entry.Content.ToArray());
            Assert.Empty(context.Refusals);
        }

        [Fact]
        public void Lets_cancellation_through()
        {
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();
            var context = new UnpackContext(ScanLimits.Default, cancellation.Token);
            Assert.Throws<OperationCanceledException>(() =>
                new TarUnpacker().Unpack(Fixtures.Container("x.tgz", Fixtures.TarGz(("a.js", Js))), context).ToList());
        }
    }
}
