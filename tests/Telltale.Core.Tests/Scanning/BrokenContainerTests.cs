using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Telltale.Artifacts;
using Telltale.Artifacts.Native;
using Telltale.Findings;
using Telltale.Scanning;
using Telltale.Tests.Artifacts;
using Telltale.Tests.Artifacts.Native;

namespace Telltale.Tests.Scanning;

/// <summary>
/// A package must never hide by breaking its container. Every input here is damaged on purpose (bogus
/// trailers appended to real Bun and Node SEA builds, random bytes named like archives, tarballs cut
/// short, a zip without a usable central directory), and every scan must still read the bytes and end
/// with a finding that fails the default <c>--fail-on high</c>.
/// </summary>
public sealed class BrokenContainerTests
{
    private static readonly Scanner Scanner = new(new ScanOptions(), new TargetResolver());

    private static readonly string CovertScript = File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "JavaScript", "Fixtures", "base64-xor-domains-apostrophe.js"));

    private static readonly byte[] BunTrailer = Encoding.ASCII.GetBytes(BunGraphWriter.Trailer);

    private static ScanReport Scan(string path) =>
        Scanner.ScanResolved(new ResolvedTarget(Path.GetFileName(path), null, path, ArtifactHasher.HashFile(path), "file"));

    private static string Describe(ScanReport report) =>
        $"{report.Statistics.Entries} entries, {report.Statistics.Bytes} bytes:\n"
        + string.Join("\n", report.Findings.Where(f => f.RuleId != "TT1201").Select(f => $"{f.RuleId} {f.Severity} {f.Location.Path}: {f.Evidence.Text}"));

    /// <summary>What <c>scan --fail-on high</c> decides: a finding at high or above.</summary>
    private static void AssertFailsTheDefaultGate(ScanReport report) =>
        Assert.True(report.Findings.Any(f => f.Severity >= Severity.High), $"the scan would pass --fail-on high: {Describe(report)}");

    /// <summary>A Bun offsets record of 32 bytes and the trailer: 48 bytes, as Bun writes them at a graph's end.</summary>
    private static byte[] BunOffsetsRecord(ulong byteCount, uint modulesOffset, uint modulesLength, uint entryPoint = 0)
    {
        var record = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(record, byteCount);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), modulesOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), modulesLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(16), entryPoint);
        return [.. record, .. BunTrailer];
    }

    /// <summary>Bogus trailers of 48 bytes, each appended to an executable of <c>length</c> bytes.</summary>
    public static TheoryData<string> BogusTrailers() =>
    [
        "every offset 2^64-1",
        "byte count 2^64-1",
        "pointers out of range",
        "modules run into the offsets record",
        "huge module count",
        "graph starts before the file",
    ];

    private static byte[] BogusTrailer(string variant, long length) => variant switch
    {
        "every offset 2^64-1" => [.. Enumerable.Repeat((byte)0xFF, 32), .. BunTrailer],
        "byte count 2^64-1" => BunOffsetsRecord(ulong.MaxValue, 0, 0),
        "pointers out of range" => BunOffsetsRecord(1024, 0xFFFF_FF00, 52),
        "modules run into the offsets record" => BunOffsetsRecord(64, 0, 64 + 32),
        "huge module count" => BunOffsetsRecord((ulong)length, 0, 52 * 1_500_000),
        "graph starts before the file" => BunOffsetsRecord((ulong)length + 4096, 0, 52),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    private static void AssertReportsTheDamagedLayout(ScanReport report, string variant)
    {
        Assert.True(report.Statistics.Entries > 0, $"{variant}: nothing scanned");
        var damage = report.Findings.Where(f => f.RuleId == "TT1406").ToList();
        Assert.True(damage.Count > 0, $"{variant}: no TT1406: {Describe(report)}");
        Assert.All(damage, f => Assert.Equal(Severity.High, f.Severity));
        Assert.DoesNotContain(report.Findings, f => f.RuleId == "TT1403"); // never re-opened until the nesting limit
        AssertFailsTheDefaultGate(report);
    }

    /// <summary>The executable's own bytes are one entry of the whole file: nothing a bent layout points past is lost.</summary>
    private static void AssertScannedWhole(ScanReport report, long fileLength, string variant) =>
        Assert.True(report.Statistics.Bytes >= fileLength, $"{variant}: {report.Statistics.Bytes} of {fileLength} bytes scanned");

    public sealed class BunExecutablesWithABogusTrailerAppended
    {
        [Theory]
        [MemberData(nameof(BogusTrailers), MemberType = typeof(BrokenContainerTests))]
        public void Still_yield_the_embedded_script_and_report_the_damage(string variant)
        {
            var built = File.ReadAllBytes(BunBuilder.Build(CovertScript));
            using var temp = new TempDirectory();
            var path = temp.Write("app", [.. built, .. BogusTrailer(variant, built.Length)]);

            var report = Scan(path);

            // The .bun section still holds the real graph; the bogus trailer must not stop it being read.
            var behaviour = report.Findings.SingleOrDefault(f => f.Behaviour is not null);
            Assert.True(behaviour is { Severity: Severity.Critical }, $"{variant}: the embedded script was not analysed: {Describe(report)}");
            Assert.Equal("$bunfs/root/app", behaviour.Location.Path);
            AssertReportsTheDamagedLayout(report, variant);
            AssertScannedWhole(report, built.Length + 48, variant);
        }

        [Fact]
        public void Scan_the_whole_binary_when_the_section_graph_is_bent_too()
        {
            var built = File.ReadAllBytes(BunBuilder.Build(CovertScript));
            var payload = BunModuleGraphReader.TryRead(built, NativeImage.TryRead(built, out _))!;
            var bent = (byte[])built.Clone();
            var offsetsAt = (int)(payload.Offset + payload.Length) - BunTrailer.Length - 32;
            BinaryPrimitives.WriteUInt32LittleEndian(bent.AsSpan(offsetsAt + 8), 0xFFFF_FFF0);
            using var temp = new TempDirectory();
            var path = temp.Write("app", [.. bent, .. BogusTrailer("every offset 2^64-1", bent.Length)]);

            var report = Scan(path);

            AssertReportsTheDamagedLayout(report, "bent section and bogus trailer");
            AssertScannedWhole(report, bent.Length + 48, "bent section and bogus trailer");
            Assert.Equal(1, report.Statistics.Entries);
            Assert.Empty(report.Payloads);
        }
    }

    public sealed class NodeSeaExecutablesWithABogusBunTrailerAppended
    {
        [Theory]
        [InlineData("every offset 2^64-1")]
        [InlineData("byte count 2^64-1")]
        [InlineData("pointers out of range")]
        public void Still_yield_the_sea_script_and_report_the_damage(string variant)
        {
            var built = File.ReadAllBytes(NodeSeaBuilder.Build(CovertScript));
            using var temp = new TempDirectory();
            var path = temp.Write("app", [.. built, .. BogusTrailer(variant, built.Length)]);

            var report = Scan(path);

            // A broken Bun trailer must not keep the SEA reader from running.
            var behaviour = report.Findings.SingleOrDefault(f => f.Behaviour is not null);
            Assert.True(behaviour is { Severity: Severity.Critical }, $"{variant}: the SEA script was not analysed: {Describe(report)}");
            Assert.Equal("app.js", behaviour.Location.Path);
            Assert.Equal(NodeSeaReader.Format, Assert.Single(report.Payloads).Format);
            AssertReportsTheDamagedLayout(report, variant);
        }

        [Fact]
        public void Scan_the_whole_binary_when_the_blob_itself_is_unreadable()
        {
            var built = File.ReadAllBytes(NodeSeaBuilder.Build(CovertScript));
            var image = NativeImage.TryRead(built, out _)!;
            var blob = NodeSeaReader.RegionNames.SelectMany(image.Find).First();
            var damaged = (byte[])built.Clone();
            damaged[(int)blob.Offset] ^= 0xFF; // the SEA magic
            using var temp = new TempDirectory();
            var path = temp.Write("app", damaged);

            var report = Scan(path);

            AssertReportsTheDamagedLayout(report, "SEA magic damaged");
            AssertScannedWhole(report, damaged.Length, "SEA magic damaged");
            Assert.Equal(1, report.Statistics.Entries);
        }
    }

    public sealed class NodeSeaExecutablesWhoseBlobCannotBeFound
    {
        [Fact]
        public void Are_reported_from_the_set_fuse_and_scanned_whole()
        {
            var built = File.ReadAllBytes(NodeSeaBuilder.Build(CovertScript));
            var image = NativeImage.TryRead(built, out _)!;
            var note = Assert.Single(image.Find("NODE_SEA_BLOB"));
            var hidden = (byte[])built.Clone();

            // The note's name sits just before its descriptor; renamed, no header names a blob any more.
            var nameAt = hidden.AsSpan(0, (int)note.Offset).LastIndexOf("NODE_SEA_BLOB"u8);
            hidden[nameAt] = (byte)'X';
            using var temp = new TempDirectory();
            var path = temp.Write("app", hidden);

            var report = Scan(path);

            AssertReportsTheDamagedLayout(report, "SEA note renamed");
            Assert.Contains(report.Findings, f => f.RuleId == "TT1406" && f.Evidence.Text.Contains("fuse is set", StringComparison.Ordinal));
            AssertScannedWhole(report, hidden.Length, "SEA note renamed");
        }
    }

    public sealed class DamagedExecutablesInsideAPackage
    {
        [Fact]
        public void Fail_the_default_gate_like_a_damaged_target_executable()
        {
            byte[] damaged = [.. File.ReadAllBytes("/bin/true"), .. BogusTrailer("byte count 2^64-1", 0)];
            var manifest = Fixtures.Utf8("{\"name\":\"agent-linux-x64\",\"version\":\"1.0.0\"}");
            var tarball = Fixtures.TarGz(("package/package.json", manifest), ("package/bin/agent", damaged));
            using var temp = new TempDirectory();

            var report = Scan(temp.Write("agent-linux-x64-1.0.0.tgz", tarball));

            var finding = Assert.Single(report.Findings, f => f.RuleId == "TT1406");
            Assert.Equal((Severity.High, "package/bin/agent"), (finding.Severity, finding.Location.Path));
            Assert.Equal(2, report.Statistics.Entries); // package.json and the executable's bytes, opened once
            Assert.Equal(damaged.Length + manifest.Length, report.Statistics.Bytes);
        }
    }

    public sealed class FilesNamedLikeArchives
    {
        [Theory]
        [InlineData("tool.tgz")]
        [InlineData("tool.tar.gz")]
        [InlineData("tool.gz")]
        [InlineData("tool.tar")]
        [InlineData("tool.zip")]
        [InlineData("tool.vsix")]
        [InlineData("tool.jar")]
        [InlineData("tool.whl")]
        [InlineData("tool.zst")]
        public void Fail_the_default_gate_when_the_target_is_random_bytes(string name)
        {
            var random = new byte[8192];
            new Random(name.Length).NextBytes(random);
            random[0] = (byte)'#'; // no magic of any format by chance
            using var temp = new TempDirectory();

            var report = Scan(temp.Write(name, random));

            var finding = Assert.Single(report.Findings, f => f.RuleId == "TT1407");
            Assert.Equal((Severity.High, name), (finding.Severity, finding.Location.Path));
            Assert.Equal((1, (long)random.Length), (report.Statistics.Entries, report.Statistics.Bytes));
        }

        [Fact]
        public void Fail_the_default_gate_when_the_target_is_garbage_behind_a_gzip_magic()
        {
            var garbage = new byte[4096];
            new Random(5).NextBytes(garbage);
            using var temp = new TempDirectory();

            var report = Scan(temp.Write("payload.bin", [0x1f, 0x8b, 0x08, 0x00, .. garbage]));

            Assert.Equal(Severity.High, Assert.Single(report.Findings, f => f.RuleId == "TT1407").Severity);
            Assert.Equal(1, report.Statistics.Entries);
        }

        [Fact]
        public void Stay_low_when_a_broken_archive_is_a_file_inside_the_package()
        {
            var fixture = new byte[2048];
            new Random(9).NextBytes(fixture);
            fixture[0] = (byte)'#';
            var tarball = Fixtures.TarGz(
                ("package/package.json", Fixtures.Utf8("{\"name\":\"unzipper\",\"version\":\"1.0.0\"}")),
                ("package/test/fixtures/broken.zip", fixture),
                // From a header written by hand: a PAX entry stamps the time, so its compressed first bytes, and what
                // they decompress to when cut, would change from run to run.
                ("package/test/fixtures/cut.tgz", Fixtures.Gzip([.. Fixtures.RawTarHeader("a.js", 20), .. Fixtures.Utf8("module.exports = 1;\n")])[..40]));
            using var temp = new TempDirectory();

            var report = Scan(temp.Write("unzipper-1.0.0.tgz", tarball));

            var corrupt = report.Findings.Where(f => f.RuleId == "TT1404").Select(f => f.Location.Path).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["package/test/fixtures/broken.zip", "package/test/fixtures/cut.tgz"], corrupt);
            Assert.DoesNotContain(report.Findings, f => f.Severity >= Severity.High);
            Assert.Equal(3, report.Statistics.Entries); // package.json and both fixtures as bytes
        }
    }

    public sealed class TruncatedTarballs
    {
        [Fact]
        public void Fail_the_default_gate_wherever_they_are_cut()
        {
            var filler = new byte[48 * 1024];
            new Random(13).NextBytes(filler);
            var tarball = Fixtures.TarGz(
                ("package/package.json", Fixtures.Utf8("{\"name\":\"tool\",\"version\":\"1.0.0\"}")),
                ("package/vendor/blob.bin", filler),
                ("package/cli.js", Fixtures.Utf8(CovertScript)));
            using var temp = new TempDirectory();

            foreach (var cut in new[] { 10, 100, tarball.Length / 4, tarball.Length / 2, tarball.Length - 200, tarball.Length - 8, tarball.Length - 1 })
            {
                var report = Scan(temp.Write($"cut-{cut}/tool-1.0.0.tgz", tarball[..cut]));

                Assert.True(report.Statistics.Entries > 0, $"cut at {cut}: nothing scanned");
                var finding = report.Findings.FirstOrDefault(f => f.RuleId == "TT1407");
                Assert.True(finding is { Severity: Severity.High }, $"cut at {cut}: {Describe(report)}");
            }
        }

        [Fact]
        public void Are_reported_but_keep_what_was_read_before_the_cut()
        {
            var tarball = Fixtures.TarGz(
                ("package/cli.js", Fixtures.Utf8(CovertScript)),
                ("package/late.js", Fixtures.Utf8(new string('x', 64 * 1024))));
            using var temp = new TempDirectory();

            var report = Scan(temp.Write("tool.tgz", tarball[..^8]));

            Assert.Contains(report.Findings, f => f.Severity == Severity.Critical && f.Location.Path == "package/cli.js");
            Assert.Contains(report.Findings, f => f.RuleId == "TT1407");
        }

        [Fact]
        public void Scan_the_part_of_a_file_the_cut_went_through()
        {
            // Random words after the script keep gzip from shrinking the tail, so a cut at 60 % lands inside it.
            var random = new Random(19);
            var filler = string.Concat(Enumerable.Range(0, 40_000).Select(_ => (char)('a' + random.Next(26)) + (random.Next(6) == 0 ? " " : "")));
            var tarball = Fixtures.TarGz(("package/cli.js", Fixtures.Utf8(CovertScript + "\n/* " + filler + " */\n")));
            using var temp = new TempDirectory();

            var report = Scan(temp.Write("tool.tgz", tarball[..(tarball.Length * 6 / 10)]));

            var truncated = Assert.Single(report.Findings, f => f.RuleId == "TT1407");
            Assert.Equal("package/cli.js", truncated.Location.Path);

            // The script's head is there: its hidden lists are decoded (the cut tail keeps it from parsing, so
            // the behaviour analysis has nothing to follow).
            var lists = report.Findings.Where(f => f.RuleId == "TT1001" && f.Location.Path == "package/cli.js").ToList();
            Assert.True(lists.Count == 2, Describe(report));
        }
    }

    public sealed class ZipsWithABadCentralDirectory
    {
        [Fact]
        public void Are_scanned_as_bytes_and_fail_the_default_gate()
        {
            // A stored (uncompressed) entry hides a list of labs under xor 0x5A; only the raw bytes can show it. (A
            // lone word between random bytes is not reported: the sweep wants a run of hidden text around its hit.)
            var hidden = Encoding.ASCII.GetBytes("dashscope,deepseek,moonshot").Select(b => (byte)(b ^ 0x5A)).ToArray();
            var noise = new byte[512];
            new Random(17).NextBytes(noise);
            var zip = Fixtures.Zip(archive =>
            {
                using var stream = archive.CreateEntry("data.bin", CompressionLevel.NoCompression).Open();
                stream.Write([.. noise, .. hidden, .. noise]);
            });
            var endRecord = zip.AsSpan().LastIndexOf("PK\x05\x06"u8);
            BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(endRecord + 16), 0xFFFF_FF00); // central directory offset
            using var temp = new TempDirectory();

            var report = Scan(temp.Write("extension.vsix", zip));

            Assert.Equal(Severity.High, Assert.Single(report.Findings, f => f.RuleId == "TT1407").Severity);
            var sweep = Assert.Single(report.Findings, f => f.RuleId == "TT1101");
            Assert.Equal("extension.vsix", sweep.Location.Path);
        }
    }
}
