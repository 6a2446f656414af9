using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Telltale.Artifacts.Native;

namespace Telltale.Tests.Artifacts.Native;

public sealed class PkgReaderTests
{
    private const string IndexSource = "const helper = require('./lib/helper');\nconsole.log('hello from pkg', helper.name);\n";
    private const string HelperSource = "module.exports = { name: 'helper' };\n";
    private const string PackageJson = "{\"name\":\"pkgapp\",\"version\":\"1.0.0\",\"bin\":\"index.js\"}";

    private static readonly byte[] FakeBytecode = [0xDE, 0xC0, 0x17, 0x0B, 0x00, 0x00, 0x00, 0x01, 0x55, 0x66, 0x77];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(EmbeddedFile file) => Encoding.UTF8.GetString(file.Content.Span);

    private static bool IsSliceOf(ReadOnlyMemory<byte> content, byte[] file) =>
        MemoryMarshal.TryGetArray(content, out var segment) && ReferenceEquals(segment.Array, file);

    private static byte[] SmallHost() => [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. new byte[248]];

    /// <summary>The usual app: an entry point with source, a bytecode-only module, a file with both, JSON and an image.</summary>
    private static IReadOnlyList<PkgFixtureFile> AppFiles() =>
    [
        new("/app/index.js", Utf8(IndexSource)),
        new("/app/lib/helper.js", null, FakeBytecode),
        new("/app/lib/both.js", Utf8(HelperSource), FakeBytecode),
        new("/app/package.json", Utf8(PackageJson)),
        new("/app/logo.png", Png),
    ];

    private static Dictionary<string, EmbeddedFile> ByName(EmbeddedPayload payload) => payload.Files.ToDictionary(f => f.Name);

    public sealed class TheContainsMethod
    {
        [Fact]
        public void Sees_the_prelude_of_a_pkg_executable() =>
            Assert.True(PkgReader.Contains(new PkgFixtureBuilder { Files = AppFiles() }.Build().Bytes));

        [Fact]
        public void Passes_over_the_prelude_opening_inside_the_image_but_reports_one_appended_after_it()
        {
            const string Opening = "(function(process, require, console, EXECPATH_FD, PAYLOAD_POSITION, PAYLOAD_SIZE) { return (function (REQUIRE_COMMON, VIRTUAL_FILESYSTEM, DEFAULT_ENTRYPOINT";
            var elf = NativeSyntheticImages.Elf(wide: true, bigEndian: false, [], [new(".rodata", NativeSyntheticImages.ElfSectionProgBits, Utf8(Opening + " is what we search for\n);\n})"))]);
            byte[] appended = [.. elf, .. Utf8(Opening + ", cut short")];

            Assert.False(PkgReader.Contains(elf));
            Assert.Null(PkgReader.TryRead(elf, NativeImage.TryRead(elf, out _)));
            Assert.True(PkgReader.Contains(appended));
            Assert.NotEmpty(PkgReader.TryRead(appended, NativeImage.TryRead(appended, out _))!.Problems);
        }

        [Fact]
        public void Does_not_take_the_wrapper_text_alone_for_a_prelude() =>
            Assert.False(PkgReader.Contains(Utf8("'(function(process, require, console, EXECPATH_FD, PAYLOAD_POSITION, PAYLOAD_SIZE) { ' + prelude")));
    }

    public sealed class TheTryReadMethod
    {
        [Fact]
        public void Reads_stored_sources_as_slices_of_the_executable()
        {
            var fixture = new PkgFixtureBuilder { Files = AppFiles() }.Build();

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.NotNull(payload);
            Assert.Equal(PkgReader.Format, payload.Format);
            Assert.Empty(payload.Problems);
            Assert.Equal(fixture.PayloadPosition, payload.Offset);
            Assert.Equal(fixture.PayloadSize + fixture.PreludeSize, payload.Length);
            var files = ByName(payload);
            Assert.Equal(
                ["snapshot/app/index.js", "snapshot/app/lib/helper.js", "snapshot/app/lib/both.js", "snapshot/app/lib/both.js.bytecode", "snapshot/app/package.json", "snapshot/app/logo.png", PkgReader.PreludeName],
                payload.Files.Select(f => f.Name));
            Assert.Equal(IndexSource, Text(files["snapshot/app/index.js"]));
            Assert.True(files["snapshot/app/index.js"].IsEntryPoint);
            Assert.True(files["snapshot/app/index.js"].IsScript);
            Assert.Equal(EmbeddedContentKind.Source, files["snapshot/app/package.json"].Kind);
            Assert.False(files["snapshot/app/package.json"].IsScript);
            Assert.Equal(PackageJson, Text(files["snapshot/app/package.json"]));
            Assert.Equal(EmbeddedContentKind.Asset, files["snapshot/app/logo.png"].Kind);
            Assert.Equal(Png, files["snapshot/app/logo.png"].Content.ToArray());
            Assert.All(payload.Files, f => Assert.True(IsSliceOf(f.Content, fixture.Bytes), f.Name));
            Assert.Single(payload.Files, f => f.IsEntryPoint);
        }

        [Fact]
        public void Gives_the_prelude_as_a_script_because_it_runs_first()
        {
            var fixture = new PkgFixtureBuilder { Files = AppFiles() }.Build();

            var prelude = PkgReader.TryRead(fixture.Bytes, null)!.Files.Single(f => f.Name == PkgReader.PreludeName);

            Assert.True(prelude.IsScript);
            Assert.Equal(EmbeddedContentKind.Source, prelude.Kind);
            Assert.Equal(fixture.PreludeSize, prelude.Content.Length);
            Assert.StartsWith("(function(process, require, console, EXECPATH_FD, PAYLOAD_POSITION, PAYLOAD_SIZE) {", Text(prelude), StringComparison.Ordinal);
            Assert.EndsWith("\n);\n})", Text(prelude), StringComparison.Ordinal);
        }

        [Fact]
        public void Marks_bytecode_only_files_and_names_bytecode_apart_from_its_source()
        {
            var fixture = new PkgFixtureBuilder { Files = AppFiles() }.Build();

            var files = ByName(PkgReader.TryRead(fixture.Bytes, null)!);

            var helper = files["snapshot/app/lib/helper.js"];
            Assert.Equal(EmbeddedContentKind.Bytecode, helper.Kind);
            Assert.Equal(FakeBytecode, helper.Content.ToArray());
            Assert.Contains("no source", helper.Note, StringComparison.Ordinal);
            Assert.False(helper.IsScript);
            Assert.Equal(HelperSource, Text(files["snapshot/app/lib/both.js"]));
            Assert.Equal(EmbeddedContentKind.Bytecode, files["snapshot/app/lib/both.js.bytecode"].Kind);
            Assert.Null(files["snapshot/app/lib/both.js.bytecode"].Note);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void Inflates_gzip_and_brotli_stores_and_decodes_the_path_dictionary(int compression)
        {
            var fixture = new PkgFixtureBuilder { Files = AppFiles(), Compression = compression }.Build();

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            var files = ByName(payload);
            Assert.Equal(IndexSource, Text(files["snapshot/app/index.js"]));
            Assert.True(files["snapshot/app/index.js"].IsEntryPoint);
            Assert.Equal(FakeBytecode, files["snapshot/app/lib/helper.js"].Content.ToArray());
            Assert.Equal(HelperSource, Text(files["snapshot/app/lib/both.js"]));
            Assert.Equal(PackageJson, Text(files["snapshot/app/package.json"]));
            Assert.Equal(Png, files["snapshot/app/logo.png"].Content.ToArray());
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void Reads_a_windows_target_whose_paths_have_a_drive_and_backslashes(int compression)
        {
            var fixture = new PkgFixtureBuilder { Files = AppFiles(), Slash = '\\', Compression = compression }.Build();

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.Empty(payload!.Problems);
            var index = ByName(payload)["snapshot/app/index.js"];
            Assert.True(index.IsEntryPoint);
            Assert.Equal(IndexSource, Text(index));
        }

        [Fact]
        public void Marks_an_entry_point_reached_through_a_symlinked_folder()
        {
            var fixture = new PkgFixtureBuilder
            {
                Files = [new("/app/v2/index.js", Utf8(IndexSource)), new("/app/v2/other.js", Utf8(HelperSource))],
                EntryPoint = "/app/current/index.js",
                Symlinks = new Dictionary<string, string> { ["/app/current"] = "/app/v2" },
                Compression = 2,
            }.Build();

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.Empty(payload!.Problems);
            Assert.Equal("snapshot/app/v2/index.js", Assert.Single(payload.Files, f => f.IsEntryPoint).Name);
        }

        [Fact]
        public void Reports_an_entry_point_that_is_not_in_the_file_table()
        {
            var fixture = new PkgFixtureBuilder { Files = AppFiles(), EntryPoint = "/app/missing.js" }.Build();

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.Contains(payload!.Problems, p => p.Contains("snapshot/app/missing.js", StringComparison.Ordinal));
            Assert.DoesNotContain(payload.Files, f => f.IsEntryPoint);
        }

        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        public void Reads_the_shorter_prelude_of_older_pkg_versions(int arguments)
        {
            var fixture = new PkgFixtureBuilder { Files = AppFiles(), PreludeArguments = arguments }.Build();

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.Empty(payload!.Problems);
            Assert.Equal(IndexSource, Text(Assert.Single(payload.Files, f => f.IsEntryPoint)));
        }

        [Fact]
        public void Reads_the_boxed_layout_of_pkg_4_0_to_4_3()
        {
            var fixture = new PkgFixtureBuilder { Files = AppFiles(), PreludeArguments = 2, Boxed = true }.Build();

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            Assert.Equal(fixture.PayloadPosition, payload.Offset);
            Assert.Equal(IndexSource, Text(Assert.Single(payload.Files, f => f.IsEntryPoint)));
        }

        [Fact]
        public void Reads_past_a_code_signature_after_the_prelude()
        {
            var signature = new byte[4096];
            new Random(7).NextBytes(signature);
            var fixture = new PkgFixtureBuilder { Files = AppFiles(), Trailer = signature }.Build();

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.Empty(payload!.Problems);
            Assert.Equal(fixture.PayloadSize + fixture.PreludeSize, payload.Length);
        }

        [Fact]
        public void Returns_null_for_executables_without_a_pkg_prelude()
        {
            var random = new byte[100_000];
            new Random(3).NextBytes(random);

            Assert.Null(PkgReader.TryRead(new PkgFixtureBuilder().Host, null));
            Assert.Null(PkgReader.TryRead(random, null));
            Assert.Null(PkgReader.TryRead(ReadOnlyMemory<byte>.Empty, null));
            Assert.Null(PkgReader.TryRead(Utf8("function (process, require, console, EXECPATH_FD) {}"), null));
        }

        [Fact]
        public void Reports_placeholders_that_do_not_hold_the_payloads_numbers()
        {
            var fixture = new PkgFixtureBuilder { Files = AppFiles() }.Build();
            var text = Encoding.ASCII.GetBytes(fixture.PayloadPosition.ToString(CultureInfo.InvariantCulture).PadRight(22));
            var at = fixture.Bytes.AsSpan().IndexOf(text);
            Assert.True(at > 0);
            fixture.Bytes[at] = fixture.Bytes[at] == (byte)'9' ? (byte)'8' : (byte)(fixture.Bytes[at] + 1);

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.Contains(payload!.Problems, p => p.Contains("PAYLOAD_POSITION", StringComparison.Ordinal));
            Assert.DoesNotContain(payload.Problems, p => p.Contains("PRELUDE_SIZE", StringComparison.Ordinal));
            Assert.Equal(IndexSource, Text(Assert.Single(payload.Files, f => f.IsEntryPoint)));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void Refuses_to_inflate_past_the_limit_without_allocating_what_the_data_claims(int compression)
        {
            var bomb = new byte[8 * 1024 * 1024];
            var fixture = new PkgFixtureBuilder
            {
                Files = [new("/app/index.js", Utf8(IndexSource)), new("/app/zeros.bin", bomb)],
                Compression = compression,
            }.Build();
            Assert.True(fixture.Bytes.Length < 200_000);

            var payload = PkgReader.TryRead(fixture.Bytes, null, maxDecompressedBytes: 64 * 1024);

            Assert.NotNull(payload);
            Assert.Contains(payload.Problems, p => p.Contains("snapshot/app/zeros.bin", StringComparison.Ordinal) && p.Contains("65536", StringComparison.Ordinal));
            Assert.DoesNotContain(payload.Files, f => f.Name == "snapshot/app/zeros.bin");
            Assert.Equal(IndexSource, Text(ByName(payload)["snapshot/app/index.js"]));
        }

        [Fact]
        public void Counts_the_limit_across_all_files()
        {
            var fixture = new PkgFixtureBuilder
            {
                Files = [new("/app/a.js", new byte[40_000]), new("/app/b.js", new byte[40_000])],
                Compression = 1,
                EntryPoint = "/app/a.js",
            }.Build();

            var payload = PkgReader.TryRead(fixture.Bytes, null, maxDecompressedBytes: 60_000);

            Assert.Contains(payload!.Files, f => f.Name == "snapshot/app/a.js");
            Assert.DoesNotContain(payload.Files, f => f.Name == "snapshot/app/b.js");
            Assert.Contains(payload.Problems, p => p.Contains("snapshot/app/b.js", StringComparison.Ordinal));
        }

        [Fact]
        public void Reports_a_corrupt_compressed_store_and_reads_the_others()
        {
            var builder = new PkgFixtureBuilder { Files = AppFiles(), Compression = 1 };
            var fixture = builder.Build();
            var first = builder.Compress(Utf8(IndexSource));
            Assert.True(fixture.Bytes.AsSpan((int)fixture.PayloadPosition, first.Length).SequenceEqual(first));
            fixture.Bytes.AsSpan((int)fixture.PayloadPosition + 10, first.Length - 18).Fill(0xFF);

            var payload = PkgReader.TryRead(fixture.Bytes, null);

            Assert.Contains(payload!.Problems, p => p.Contains("snapshot/app/index.js", StringComparison.Ordinal) && p.Contains("corrupt", StringComparison.Ordinal));
            Assert.Equal(PackageJson, Text(ByName(payload)["snapshot/app/package.json"]));
        }
    }

    /// <summary>Executables made by the real pkg (yao-pkg from npm) on a stand-in base binary.</summary>
    public sealed class ARealPkgBuild
    {
        private static readonly Dictionary<string, string> App = new()
        {
            ["package.json"] = PackageJson,
            ["index.js"] = IndexSource,
            ["lib/helper.js"] = HelperSource,
        };

        [Fact]
        public void Gives_bytecode_only_modules_and_the_entry_point_by_default()
        {
            var file = File.ReadAllBytes(PkgToolBuilder.Build(App));

            var payload = PkgReader.TryRead(file, null);

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            var files = ByName(payload);
            var index = files["snapshot/src/index.js"];
            Assert.True(index.IsEntryPoint);
            Assert.Equal(EmbeddedContentKind.Bytecode, index.Kind);
            Assert.NotNull(index.Note);
            Assert.Equal(EmbeddedContentKind.Bytecode, files["snapshot/src/lib/helper.js"].Kind);
            Assert.True(files["snapshot/src/lib/helper.js"].Content.Length > 100);
            Assert.Equal(PackageJson, Text(files["snapshot/src/package.json"]));
            Assert.Contains(PkgReader.PreludeName, files.Keys);
        }

        [Theory]
        [InlineData("None")]
        [InlineData("GZip")]
        [InlineData("Brotli")]
        public void Gives_the_exact_sources_of_a_public_build_whatever_the_compression(string compression)
        {
            var file = File.ReadAllBytes(PkgToolBuilder.Build(App, "--no-bytecode", "--public", "--compress", compression));

            var payload = PkgReader.TryRead(file, null);

            Assert.NotNull(payload);
            Assert.Empty(payload.Problems);
            var files = ByName(payload);
            Assert.Equal(IndexSource, Text(files["snapshot/src/index.js"]));
            Assert.True(files["snapshot/src/index.js"].IsEntryPoint);
            Assert.True(files["snapshot/src/index.js"].IsScript);
            Assert.Equal(HelperSource, Text(files["snapshot/src/lib/helper.js"]));
            Assert.Equal(PackageJson, Text(files["snapshot/src/package.json"]));
            Assert.DoesNotContain(payload.Files, f => f.Kind == EmbeddedContentKind.Bytecode);
        }
    }

    public sealed class OnDamagedExecutables
    {
        private static PkgFixture Fixture(int compression, int arguments = 5) =>
            new PkgFixtureBuilder { Host = SmallHost(), Files = AppFiles(), Compression = compression, PreludeArguments = arguments }.Build();

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        public void Never_throws_when_truncated_at_any_byte(int compression)
        {
            var bytes = Fixture(compression).Bytes;

            for (var length = 0; length <= bytes.Length; length++)
            {
                var payload = PkgReader.TryRead(bytes.AsMemory(0, length), null);

                if (length < bytes.Length && payload is not null)
                {
                    Assert.NotEmpty(payload.Problems);
                }
            }
        }

        [Theory]
        [InlineData("18446744073709551615")]
        [InlineData("9223372036854775807")]
        [InlineData("2147483647")]
        [InlineData("-1")]
        [InlineData("1e308")]
        [InlineData("0.5")]
        [InlineData("null")]
        [InlineData("\"7\"")]
        public void Never_throws_when_a_number_in_the_file_table_is_out_of_range(string replacement)
        {
            var fixture = Fixture(1);
            var tableStart = (int)(fixture.PreludePosition + fixture.PreludeSize) - 400;
            var text = Encoding.Latin1.GetString(fixture.Bytes);

            for (var at = text.IndexOf('[', tableStart); at >= 0; at = text.IndexOf('[', at + 1))
            {
                var end = text.IndexOf(']', at);
                var comma = text.IndexOf(',', at);
                if (end < 0 || comma < 0 || comma > end)
                {
                    continue;
                }

                foreach (var (from, to) in new[] { (at + 1, comma), (comma + 1, end) })
                {
                    var damaged = text[..from] + replacement + text[to..];

                    var payload = PkgReader.TryRead(Encoding.Latin1.GetBytes(damaged), null);

                    Assert.NotNull(payload);
                    Assert.NotEmpty(payload.Problems);
                }
            }
        }

        [Fact]
        public void Never_throws_when_the_tail_is_not_what_pkg_writes()
        {
            var fixture = Fixture(0);
            var text = Encoding.Latin1.GetString(fixture.Bytes);
            var damages = new[]
            {
                text.Replace("\n,\n0\n);\n})", "\n,\n7\n);\n})", StringComparison.Ordinal),
                text.Replace("\n,\n0\n);\n})", "\n,\ntrue\n);\n})", StringComparison.Ordinal),
                text.Replace("\n);\n})", "\n)\n})", StringComparison.Ordinal),
                text.Replace("\n,\n{}\n,\n{}\n,\n0", "\n,\n[]\n,\n\"x\"\n,\n0", StringComparison.Ordinal),
                text.Replace("\"/snapshot/app/index.js\"\n", "42\n", StringComparison.Ordinal),
                text[..text.LastIndexOf("\n,\n", StringComparison.Ordinal)] + "\n,\n1\n,\n2\n,\n3\n,\n4\n,\n5\n,\n6\n);\n})",
                text.Replace("{\"/snapshot/app/index.js\":{", "{\"/snapshot/app/index.js\":[{", StringComparison.Ordinal),
            };

            foreach (var damaged in damages)
            {
                Assert.NotEqual(text, damaged);

                var payload = PkgReader.TryRead(Encoding.Latin1.GetBytes(damaged), null);

                Assert.NotNull(payload);
                Assert.NotEmpty(payload.Problems);
            }
        }

        [Fact]
        public void Still_gives_the_prelude_when_its_file_table_is_unreadable()
        {
            var fixture = Fixture(0);
            var text = Encoding.Latin1.GetString(fixture.Bytes).Replace("{\"/snapshot/app/index.js\":{", "{\"/snapshot/app/index.js\":{{", StringComparison.Ordinal);

            var payload = PkgReader.TryRead(Encoding.Latin1.GetBytes(text), null);

            Assert.NotNull(payload);
            Assert.Contains(payload.Problems, p => p.Contains("JSON", StringComparison.Ordinal));
            Assert.Equal(PkgReader.PreludeName, Assert.Single(payload.Files).Name);
            Assert.Equal(fixture.PreludePosition, payload.Offset);
        }

        [Fact]
        public void Never_throws_on_thousands_of_seeded_mutations()
        {
            var random = new Random(1_234_567);
            var fixtures = new[] { Fixture(0), Fixture(1), Fixture(2), Fixture(0, 2), new PkgFixtureBuilder { Host = SmallHost(), Files = AppFiles(), Boxed = true, PreludeArguments = 2 }.Build() };
            for (var round = 0; round < 3000; round++)
            {
                var fixture = fixtures[round % fixtures.Length];
                var bytes = (byte[])fixture.Bytes.Clone();
                var mutations = 1 + random.Next(5);
                for (var m = 0; m < mutations; m++)
                {
                    // Mostly the file table and the tail, where the reader makes decisions; sometimes the stores.
                    var region = random.Next(4) == 0 ? (int)fixture.PayloadPosition : (int)(fixture.PreludePosition + fixture.PreludeSize) - 700;
                    var at = Math.Clamp(region + random.Next(Math.Max(1, bytes.Length - region)), 0, bytes.Length - 1);
                    switch (random.Next(4))
                    {
                        case 0:
                            bytes[at] = (byte)random.Next(256);
                            break;
                        case 1:
                            bytes[at] = (byte)"0123456789[],{}\"\n:"[random.Next(18)];
                            break;
                        case 2:
                            bytes = [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + 1 + random.Next(8))..]];
                            break;
                        default:
                            bytes = [.. bytes[..at], (byte)random.Next(256), .. bytes[at..]];
                            break;
                    }
                }

                var payload = PkgReader.TryRead(bytes, null, maxDecompressedBytes: 1 << 20);

                Assert.All(payload?.Files ?? [], f => Assert.True(f.Content.Length <= 1 << 20, $"round {round}: {f.Name}"));
            }
        }
    }
}
