using Telltale.Artifacts;
using Telltale.Scanning;

namespace Telltale.Tests.Artifacts;

public sealed class ArtifactExpanderTests
{
    private static readonly byte[] Js = Fixtures.Utf8("module.exports = 42;\n");

    private static byte[] NpmTarball() => Fixtures.TarGz(
        ("package/package.json", Fixtures.Utf8("{\"name\":\"tool\",\"version\":\"1.0.0\"}")),
        ("package/cli.js", Js),
        ("package/bin/tool", Fixtures.Utf8("#!/usr/bin/env node\nrequire('../cli.js');\n")),
        ("package/README.md", Fixtures.Utf8("# tool\n")));

    private static (List<ArtifactEntry> Entries, UnpackContext Context) Expand(string path, ScanLimits? limits = null, ArtifactExpander? expander = null)
    {
        var context = Fixtures.Context(limits);
        var entries = (expander ?? ArtifactExpander.Default).Expand(path, context).ToList();
        return (entries, context);
    }

    public sealed class TheExpandMethod
    {
        [Fact]
        public void Gives_an_npm_tarballs_files_as_the_targets_own()
        {
            using var temp = new TempDirectory();
            var tarball = temp.Write("tool-1.0.0.tgz", NpmTarball());

            var (entries, context) = Expand(tarball);

            Assert.Equal(["package/package.json", "package/cli.js", "package/bin/tool", "package/README.md"], entries.Select(e => e.Path));
            Assert.Equal(entries.Select(e => e.Path), entries.Select(e => e.Name));
            Assert.Equal([EntryKind.Json, EntryKind.JavaScript, EntryKind.JavaScript, EntryKind.Text], entries.Select(e => e.Kind));
            Assert.All(entries, e => Assert.Equal(0, e.Depth));
            Assert.All(entries, e => Assert.Null(e.Parent));
            Assert.Empty(context.Refusals);
            Assert.Equal(5, context.EntryCount); // the tarball itself and its four files
        }

        [Fact]
        public void Gives_a_zip_targets_files_without_a_prefix()
        {
            using var temp = new TempDirectory();
            var vsix = temp.Write("ext.vsix", Fixtures.Zip(("extension/package.json", Fixtures.Utf8("{}")), ("extension/out/main.js", Js)));

            var (entries, _) = Expand(vsix);

            Assert.Equal(["extension/package.json", "extension/out/main.js"], entries.Select(e => e.Path));
        }

        [Fact]
        public void Walks_a_directory_in_ordinal_path_order()
        {
            using var temp = new TempDirectory();
            temp.Write("b.js", Js);
            temp.Write("a/z.js", Js);
            temp.Write("a.js", Js);
            temp.Write("A.txt", "upper");
            temp.Write("node_modules/dep/index.js", Js);

            var (entries, context) = Expand(temp.Path);

            Assert.Equal(["A.txt", "a.js", "a/z.js", "b.js", "node_modules/dep/index.js"], entries.Select(e => e.Path));
            Assert.Equal(entries.Select(e => e.Path), entries.Select(e => e.Name));
            Assert.All(entries, e => Assert.Equal(0, e.Depth));
            Assert.Equal(5, context.EntryCount);
        }

        [Fact]
        public void Gives_a_plain_file_as_one_entry_named_by_its_file_name()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("sub/setup.mjs", Js);

            var (entries, _) = Expand(file);

            var entry = Assert.Single(entries);
            Assert.Equal("setup.mjs", entry.Path);
            Assert.Equal("setup.mjs", entry.Name);
            Assert.Equal(EntryKind.JavaScript, entry.Kind);
            Assert.Equal(Js, entry.Content.ToArray());
        }

        [Fact]
        public void Opens_archives_nested_in_a_tarball()
        {
            using var temp = new TempDirectory();
            var inner = Fixtures.TarGz(("package/a.js", Js));
            var tarball = temp.Write("tool.tgz", Fixtures.TarGz(("package/index.js", Js), ("package/vendor/x.tgz", inner), ("package/z.js", Js)));

            var (entries, context) = Expand(tarball);

            Assert.Equal(["package/index.js", "package/vendor/x.tgz!/package/a.js", "package/z.js"], entries.Select(e => e.Path));
            var nested = entries[1];
            Assert.Equal("package/a.js", nested.Name);
            Assert.Equal(1, nested.Depth);
            Assert.Equal("package/vendor/x.tgz", nested.Parent!.Path);
            Assert.Equal(0, nested.Parent.Depth);
            Assert.Null(nested.Parent.Parent);
            Assert.Empty(context.Refusals);
        }

        [Fact]
        public void Opens_archives_found_in_a_directory()
        {
            using var temp = new TempDirectory();
            temp.Write("lib/bundle.zip", Fixtures.Zip(("a.js", Js), ("deeper.tgz", Fixtures.TarGz(("b.js", Js)))));

            var (entries, _) = Expand(temp.Path);

            Assert.Equal(["lib/bundle.zip!/a.js", "lib/bundle.zip!/deeper.tgz!/b.js"], entries.Select(e => e.Path));
            Assert.Equal([1, 2], entries.Select(e => e.Depth));
        }

        [Fact]
        public void Refuses_archives_nested_past_the_depth_limit_and_scans_them_as_bytes()
        {
            using var temp = new TempDirectory();
            var archive = Fixtures.TarGz(("package/deep.js", Js));
            for (var i = 0; i < 4; i++)
            {
                archive = Fixtures.TarGz(($"package/level{i}.js", Js), ("package/inner.tgz", archive));
            }

            var (entries, context) = Expand(temp.Write("outer.tgz", archive), new ScanLimits { MaxNestingDepth = 2 });

            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.NestingTooDeep, refusal.Kind);
            Assert.Equal("package/inner.tgz!/package/inner.tgz!/package/inner.tgz", refusal.Path);
            Assert.Equal(4, entries.Count); // level3.js at depth 0, level2.js at 1, level1.js and the unopened inner.tgz at 2
            Assert.Equal([0, 1, 2, 2], entries.Select(e => e.Depth));
            var unopened = Assert.Single(entries, e => e.Path == refusal.Path);
            Assert.Equal(EntryKind.Binary, unopened.Kind);
            Assert.DoesNotContain(entries, e => e.Name == "package/deep.js");
        }

        [Fact]
        public void Refuses_symlinks_in_a_directory_without_following_them()
        {
            using var outside = new TempDirectory();
            var secret = outside.Write("secret.txt", "TOKEN=do-not-read");
            using var temp = new TempDirectory();
            temp.Write("index.js", Js);
            File.CreateSymbolicLink(Path.Combine(temp.Path, "leak.js"), secret);
            Directory.CreateSymbolicLink(Path.Combine(temp.Path, "linked-dir"), outside.Path);

            var (entries, context) = Expand(temp.Path);

            Assert.Equal("index.js", Assert.Single(entries).Path);
            Assert.Equal(["leak.js", "linked-dir"], context.Refusals.Select(r => r.Path));
            Assert.All(context.Refusals, r => Assert.Equal(RefusalKind.Link, r.Kind));
        }

        [Fact]
        public void Stops_at_the_entry_limit_across_nesting_with_one_refusal()
        {
            using var temp = new TempDirectory();
            temp.Write("a.tgz", Fixtures.TarGz([.. Enumerable.Range(0, 10).Select(i => ($"f{i}.js", Js))]));
            temp.Write("b.js", Js);
            temp.Write("c.js", Js);

            var (entries, context) = Expand(temp.Path, new ScanLimits { MaxEntries = 4 });

            Assert.Equal(3, entries.Count); // a.tgz itself takes one of the four
            Assert.Equal(RefusalKind.TooManyEntries, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Refuses_a_file_over_the_entry_limit_and_reads_the_rest()
        {
            using var temp = new TempDirectory();
            temp.Write("big.js", new byte[5000]);
            temp.Write("small.js", Js);

            var (entries, context) = Expand(temp.Path, new ScanLimits { MaxEntryBytes = 1000 });

            Assert.Equal("small.js", Assert.Single(entries).Path);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(("big.js", RefusalKind.EntryTooLarge), (refusal.Path, refusal.Kind));
        }

        [Fact]
        public void Names_a_corrupt_target_archive_by_its_file_name()
        {
            using var temp = new TempDirectory();
            var archive = NpmTarball();
            var tarball = temp.Write("tool.tgz", archive[..(archive.Length / 2)]);

            var (_, context) = Expand(tarball);

            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(RefusalKind.TargetCorrupt, refusal.Kind);
            Assert.StartsWith("tool.tgz", refusal.Path, StringComparison.Ordinal);
        }

        [Fact]
        public void Reads_lazily()
        {
            using var temp = new TempDirectory();
            var tarball = temp.Write("tool.tar", Fixtures.Concat(
                Fixtures.RawTarHeader("package/a.js", Js.Length), Fixtures.Padded(Js), Fixtures.Utf8(new string('x', 600))));
            var context = Fixtures.Context();

            using var entries = ArtifactExpander.Default.Expand(tarball, context).GetEnumerator();

            Assert.True(entries.MoveNext());
            Assert.Equal("package/a.js", entries.Current.Path);
            Assert.Empty(context.Refusals);
            Assert.False(entries.MoveNext());
            Assert.Equal(RefusalKind.TargetCorrupt, Assert.Single(context.Refusals).Kind);
        }

        [Fact]
        public void Gives_the_same_entries_every_time()
        {
            using var temp = new TempDirectory();
            temp.Write("z/tool.tgz", NpmTarball());
            temp.Write("m.json", "{}");
            temp.Write("a/b/c.cjs", Js);

            var first = Expand(temp.Path).Entries.Select(e => (e.Path, e.Kind, e.Depth, e.Content.Length));
            var second = Expand(temp.Path).Entries.Select(e => (e.Path, e.Kind, e.Depth, e.Content.Length));

            Assert.Equal(first, second);
        }

        [Fact]
        public void Uses_only_the_unpackers_it_was_given()
        {
            using var temp = new TempDirectory();
            temp.Write("x.tgz", NpmTarball());
            temp.Write("y.zip", Fixtures.Zip(("a.js", Js)));

            var (entries, _) = Expand(temp.Path, expander: new ArtifactExpander([new ZipUnpacker()]));

            Assert.Equal(["x.tgz", "y.zip!/a.js"], entries.Select(e => e.Path));
            Assert.Equal(EntryKind.Binary, entries[0].Kind);
        }

        [Fact]
        public void Turns_a_throwing_unpacker_into_a_refusal_and_scans_the_file_as_bytes()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("x.bad", "BAD!");

            var (entries, context) = Expand(file, expander: new ArtifactExpander([new ThrowingUnpacker()]));

            var bytes = Assert.Single(entries);
            Assert.Equal(("x.bad", "BAD!"), (bytes.Path, Fixtures.Text(bytes)));
            Assert.Equal(("x.bad", RefusalKind.TargetCorrupt), (context.Refusals[0].Path, context.Refusals[0].Kind));
        }

        [Fact]
        public void Turns_a_throwing_unpacker_inside_the_target_into_a_nested_refusal()
        {
            using var temp = new TempDirectory();
            temp.Write("lib/x.bad", "BAD!");

            var (entries, context) = Expand(temp.Path, expander: new ArtifactExpander([new ThrowingUnpacker()]));

            Assert.Equal("lib/x.bad", Assert.Single(entries).Path);
            Assert.Equal(("lib/x.bad", RefusalKind.Corrupt), (context.Refusals[0].Path, context.Refusals[0].Kind));
        }

        [Fact]
        public void Turns_an_unpacker_check_that_throws_into_a_refusal_and_reads_the_file()
        {
            using var temp = new TempDirectory();
            temp.Write("lib/x.bad", "BAD!");

            var (entries, context) = Expand(temp.Path, expander: new ArtifactExpander([new ThrowingCheckUnpacker(), new ZipUnpacker()]));

            Assert.Equal("lib/x.bad", Assert.Single(entries).Path);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(("lib/x.bad", RefusalKind.Corrupt), (refusal.Path, refusal.Kind));
            Assert.Contains("cannot tell whether it is bad", refusal.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("tool.tgz")]
        [InlineData("tool.tar.gz")]
        [InlineData("tool.zip")]
        [InlineData("tool.zst")]
        public void Reports_a_target_named_like_an_archive_that_is_none_and_scans_its_bytes(string name)
        {
            using var temp = new TempDirectory();

            var (entries, context) = Expand(temp.Write(name, "not an archive at all"));

            Assert.Equal(name, Assert.Single(entries).Path);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal((name, RefusalKind.TargetCorrupt), (refusal.Path, refusal.Kind));
        }

        [Fact]
        public void Reports_a_file_inside_the_target_named_like_an_archive_as_nested_damage()
        {
            using var temp = new TempDirectory();
            var tarball = temp.Write("tool.tgz", Fixtures.TarGz(("package/test/fixture.zip", Fixtures.Utf8("not a zip"))));

            var (entries, context) = Expand(tarball);

            Assert.Equal("package/test/fixture.zip", Assert.Single(entries).Path);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(("package/test/fixture.zip", RefusalKind.Corrupt), (refusal.Path, refusal.Kind));
        }

        [Fact]
        public void Scans_a_nested_archive_that_gives_nothing_as_its_own_bytes()
        {
            using var temp = new TempDirectory();
            byte[] garbage = [0x1f, 0x8b, 0x08, 0x00, .. Enumerable.Range(0, 64).Select(i => (byte)(i * 37))];
            var tarball = temp.Write("tool.tgz", Fixtures.TarGz(("package/data.gz", garbage), ("package/cli.js", Js)));

            var (entries, context) = Expand(tarball);

            Assert.Equal(["package/data.gz", "package/cli.js"], entries.Select(e => e.Path));
            Assert.Equal(garbage, entries[0].Content.ToArray());
            Assert.Equal(EntryKind.Binary, entries[0].Kind);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(("package/data.gz", RefusalKind.Corrupt), (refusal.Path, refusal.Kind));
        }

        [Fact]
        public void Scans_a_sound_archive_without_files_as_its_own_bytes_without_a_refusal()
        {
            using var temp = new TempDirectory();
            var empty = Fixtures.Zip();

            var (entries, context) = Expand(temp.Write("empty.zip", empty));

            Assert.Equal(("empty.zip", empty.Length), (Assert.Single(entries).Path, entries[0].Content.Length));
            Assert.Empty(context.Refusals);
        }

        [Fact]
        public void Turns_an_unpacker_that_throws_when_closed_into_a_refusal_after_its_entries()
        {
            using var temp = new TempDirectory();
            var file = temp.Write("x.bad", "BAD!");

            var (entries, context) = Expand(file, expander: new ArtifactExpander([new ThrowingOnCloseUnpacker()]));

            Assert.Equal("inner.txt", Assert.Single(entries).Path);
            var refusal = Assert.Single(context.Refusals);
            Assert.Equal(("x.bad", RefusalKind.TargetCorrupt), (refusal.Path, refusal.Kind));
            Assert.Contains("cannot close", refusal.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Throws_for_a_path_that_does_not_exist() =>
            Assert.Throws<FileNotFoundException>(() => ArtifactExpander.Default.Expand("/no/such/target-" + Guid.NewGuid(), Fixtures.Context()));

        private sealed class ThrowingOnCloseUnpacker : IUnpacker
        {
            public string Format => "bad";

            public bool CanUnpack(string name, ReadOnlySpan<byte> head) => name.EndsWith(".bad", StringComparison.Ordinal);

            public IEnumerable<ArtifactEntry> Unpack(ArtifactEntry container, UnpackContext context) => new EntriesThatFailToClose();

            private sealed class EntriesThatFailToClose : IEnumerable<ArtifactEntry>, IEnumerator<ArtifactEntry>
            {
                private bool _given;

                public ArtifactEntry Current { get; } = new() { Path = "inner.txt", Name = "inner.txt", Content = Fixtures.Utf8("inner"), Kind = EntryKind.Text };

                object System.Collections.IEnumerator.Current => Current;

                public IEnumerator<ArtifactEntry> GetEnumerator() => this;

                System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => this;

                public bool MoveNext() => !_given && (_given = true);

                public void Reset() => _given = false;

                public void Dispose() => throw new InvalidOperationException("stream already broken");
            }
        }

        private sealed class ThrowingCheckUnpacker : IUnpacker
        {
            public string Format => "bad";

            public bool CanUnpack(string name, ReadOnlySpan<byte> head) => throw new ArgumentOutOfRangeException(nameof(head), "check tripped\non the bytes");

            public IEnumerable<ArtifactEntry> Unpack(ArtifactEntry container, UnpackContext context) => [];
        }

        private sealed class ThrowingUnpacker : IUnpacker
        {
            public string Format => "bad";

            public bool CanUnpack(string name, ReadOnlySpan<byte> head) => name.EndsWith(".bad", StringComparison.Ordinal);

            public IEnumerable<ArtifactEntry> Unpack(ArtifactEntry container, UnpackContext context) => throw new InvalidOperationException("broken\nunpacker");
        }
    }
}
