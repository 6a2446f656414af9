using System.Buffers.Binary;
using System.IO.Compression;
using Telltale.Artifacts;
using Telltale.Scanning;

namespace Telltale.Tests.Artifacts;

public sealed class ZipUnpackerTests
{
    private static readonly byte[] Js = Fixtures.Utf8("module.exports = 42;\n");

    private static (List<ArtifactEntry> Entries, UnpackContext Context) Unpack(byte[] archive, ScanLimits? limits = null)
    {
        var context = Fixtures.Context(limits);
        var entries = new ZipUnpacker().Unpack(Fixtures.Container("ext/x.vsix", archive), context).ToList();
        return (entries, context);
    }

    /// <summary>Rewrites the uncompressed size in the first local header and the first central-directory header.</summary>
    private static byte[] WithDeclaredSize(byte[] zip, uint size)
    {
        var copy = (byte[])zip.Clone();
        Assert.True(copy.AsSpan().StartsWith("PK\x03\x04"u8));
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(22), size);
        var central = copy.AsSpan().IndexOf("PK\x01\x02"u8);
        Assert.True(central > 0);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(central + 24), size);
        return copy;
    }

    public sealed class TheCanUnpackMethod
    {
        [Fact]
        public void Recognises_the_zip_magic_whatever_the_name() =>
            Assert.True(new ZipUnpacker().CanUnpack("blob", Fixtures.Zip(("a.js", Js))));

        [Fact]
        public void Recognises_a_zip_behind_a_prefix_when_the_name_says_zip() =>
            Assert.True(new ZipUnpacker().CanUnpack("tool.jar", [.. Fixtures.Utf8("#!/bin/sh\nexec java -jar \"$0\"\n"), .. Fixtures.Zip(("a.js", Js))]));

        [Fact]
        public void Does_not_trust_the_name_alone() =>
            Assert.False(new ZipUnpacker().CanUnpack("x.zip", Fixtures.Utf8("hello")));
    }

    public sealed class TheUnpackMethod
    {
        [Fact]
        public void Yields_the_files_with_paths_below_the_container()
        {
            var container = Fixtures.Container("ext/x.vsix", Fixtures.Zip(archive =>
            {
                archive.CreateEntry("extension/");
                using (var s = archive.CreateEntry("extension/package.json").Open())
                {
                    s.Write(Fixtures.Utf8("{}"));
                }

                using (var s = archive.CreateEntry("extension\\out\\main.js").Open())
                {
                    s.Write(Js);
                }
            }));
            var context = Fixtures.Context();

            var entries = new ZipUnpacker().Unpack(container, context).ToList();

            Assert.Equal(["ext/x.vsix!/extension/package.json", "ext/x.vsix!/extension/out/main.js"], entries.Select(e => e.Path));
            Assert.Equal([EntryKind.Json, EntryKind.JavaScript], entries.Select(e => e.Kind));
            Assert.All(entries, e => Assert.Equal(1, e.Depth));
            Assert.All(entries, e => Assert.Same(container, e.Parent));
            Assert.Equal(Js, entries[1].Content.ToArray());
            Assert.Empty(context.Refusals);
        }

        [Theory]
        [InlineData("../evil.js")]
        [InlineData("a/../../evil.js")]
        [InlineData("/etc/evil.js")]
        [InlineData("C:/evil.js")]
        [InlineData("..\\evil.js")]
        [InlineData("evil.js\0.png")]
        public void Refuses_paths_that_leave_the_archive_and_reads_the_rest(string hostileName)
        {
            var (entries, context) = Unpack(Fixtures.Zip((hostileName, Js), ("ok.js", Js)));

            Assert.Equal("ok.js", Assert.Single(entries).Name);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.PathTraversal, refusal.Kind);
            Assert.DoesNotContain('\0', refusal.Path);
        }

        [Fact]
        public void Refuses_entries_whose_unix_mode_says_symlink()
        {
            var archive = Fixtures.Zip(zip =>
            {
                var link = zip.CreateEntry("config");
                link.ExternalAttributes = unchecked((int)0xA1FF0000);
                using (var s = link.Open())
                {
                    s.Write(Fixtures.Utf8("/etc/passwd"));
                }

                using var ok = zip.CreateEntry("ok.js").Open();
                ok.Write(Js);
            });

            var (entries, context) = Unpack(archive);

            Assert.Equal("ok.js", Assert.Single(entries).Name);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.Link, refusal.Kind);
            Assert.Equal("ext/x.vsix!/config", refusal.Path);
        }

        [Fact]
        public void Stops_a_zip_bomb_at_the_compression_ratio()
        {
            var bomb = Fixtures.Zip(zip =>
            {
                for (var i = 0; i < 10; i++)
                {
                    using var s = zip.CreateEntry($"zeros{i}.bin", CompressionLevel.SmallestSize).Open();
                    using var zeros = new ZeroStream(10 * 1024 * 1024);
                    zeros.CopyTo(s);
                }
            });
            var limits = new ScanLimits { RatioFloorBytes = 1024 * 1024, MaxCompressionRatio = 50 };

            var (entries, context) = Unpack(bomb, limits);

            Assert.True(entries.Count < 10);
            Assert.Equal(RefusalKind.CompressionRatio, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Refuses_an_entry_whose_data_is_larger_than_its_header_says()
        {
            var honest = Fixtures.Zip(("a.js", Fixtures.Utf8(new string('A', 100_000))));
            var (entries, context) = Unpack(WithDeclaredSize(honest, 10));

            Assert.Empty(entries);
            var refusal = Assert.Single(context.Refusals);
            Assert.Contains(refusal.Kind, new[] { RefusalKind.EntryTooLarge, RefusalKind.Corrupt });
            Assert.Equal("ext/x.vsix!/a.js", refusal.Path);
            Assert.True(context.TotalBytes <= 10);
        }

        [Fact]
        public void Refuses_an_entry_declared_over_the_entry_limit_before_reading_it()
        {
            var (entries, context) = Unpack(Fixtures.Zip(("big.js", new byte[2000]), ("ok.js", Js)), new ScanLimits { MaxEntryBytes = 1000 });

            Assert.Equal("ok.js", Assert.Single(entries).Name);
            Assert.Equal(RefusalKind.EntryTooLarge, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Stops_at_the_entry_limit_with_one_refusal()
        {
            var files = Enumerable.Range(0, 20).Select(i => ($"f{i}.js", Js)).ToArray();
            var (entries, context) = Unpack(Fixtures.Zip(files), new ScanLimits { MaxEntries = 3 });

            Assert.Equal(3, entries.Count);
            Assert.Equal(RefusalKind.TooManyEntries, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Refuses_a_truncated_zip_with_a_one_line_message()
        {
            var archive = Fixtures.Zip(("a.js", Js), ("b.js", Js));
            var (entries, context) = Unpack(archive[..(archive.Length - 30)]);

            Assert.Empty(entries);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.Corrupt, refusal.Kind);
            Assert.Equal("ext/x.vsix", refusal.Path);
            Assert.DoesNotContain('\n', refusal.Message);
        }

        [Fact]
        public void Refuses_a_damaged_entry_and_reads_the_others()
        {
            var random = new Random(3);
            var noise = new byte[4096];
            random.NextBytes(noise);
            var archive = Fixtures.Zip(("a.txt", Fixtures.Utf8(new string('x', 5000) + "tail")), ("b.js", Js));
            for (var i = 40; i < 60; i++)
            {
                archive[i] ^= 0xA5; // inside a.txt's compressed data
            }

            var (entries, context) = Unpack(archive);

            Assert.Contains(entries, e => e.Name == "b.js");
            Assert.DoesNotContain(entries, e => e.Name == "a.txt");
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal("ext/x.vsix!/a.txt", refusal.Path);
        }

        [Fact]
        public void Never_throws_on_any_truncation()
        {
            var archive = Fixtures.Zip(("a.js", Js), ("b/c.json", Fixtures.Utf8("{}")));
            for (var length = 0; length <= archive.Length; length += 5)
            {
                _ = new ZipUnpacker().Unpack(Fixtures.Container("x.zip", archive[..length]), Fixtures.Context()).ToList();
            }
        }
    }
}
