using Telltale.Artifacts;
using Telltale.Scanning;
using ZstdSharp;

namespace Telltale.Tests.Fuzzing;

/// <summary>Inputs the fuzzer found, rebuilt here from their description so each stays fixed.</summary>
public sealed class FuzzRegressionTests
{
    private static ArtifactEntry Container(string name, byte[] content) =>
        new() { Path = name, Name = name, Content = content, Kind = EntryKind.Archive };

    private static byte[] Compressed(int length)
    {
        var random = new Random(11);
        var text = new byte[length];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (byte)('a' + random.Next(26));
        }

        using var compressor = new Compressor(3);
        return compressor.Wrap(text).ToArray();
    }

    [Fact]
    public void Zstd_frame_cut_short_is_refused_by_the_unpacker_itself()
    {
        // Found by the zstd target: ZstdSharp throws EndOfStreamException ("Premature end of stream") for a cut frame.
        var frame = Compressed(20_000);
        using var context = new UnpackContext(ScanLimits.Default);

        var entries = new ZstdUnpacker().Unpack(Container("x.txt.zst", frame[..(frame.Length / 2)]), context).ToList();

        Assert.Empty(entries);
        var refusal = Assert.Single(context.Refusals);
        Assert.Equal(RefusalKind.Corrupt, refusal.Kind);
        Assert.Equal("x.txt.zst", refusal.Path);
    }

    [Fact]
    public void Zstd_frame_with_a_damaged_descriptor_is_refused_by_the_unpacker_itself()
    {
        // Found by the zstd target: ZstdSharp throws ZstdException ("Unknown frame descriptor") after the magic.
        var frame = Compressed(1_000);
        frame[4] = 0xFF;
        using var context = new UnpackContext(ScanLimits.Default);

        var entries = new ZstdUnpacker().Unpack(Container("x.zst", frame), context).ToList();

        Assert.Empty(entries);
        Assert.Equal(RefusalKind.Corrupt, Assert.Single(context.Refusals).Kind);
    }
}
