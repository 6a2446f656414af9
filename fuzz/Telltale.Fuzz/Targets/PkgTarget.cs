using Telltale.Artifacts.Native;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>pkg snapshots: the prelude with its JSON file table, stores plain or gzip/brotli/zstd compressed.</summary>
internal sealed class PkgTarget : IFuzzTarget
{
    public string Name => "pkg";

    public string Contract => "PkgReader.TryRead never throws; stores are slices inside the file or inflated copies within the decompression bound";

    public FuzzInputKind InputKind => FuzzInputKind.Binary;

    public int MaxInputBytes => FuzzLimits.MaxBinaryInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => ExecutableSeeds.Pkgs();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        features.Add("contains", PkgReader.Contains(input.Span).ToString());
        var image = NativeImage.TryRead(input.Span, out _);
        PayloadContract.Check(PkgReader.TryRead(input, image, FuzzLimits.PkgMaxDecompressedBytes), input, FuzzLimits.PkgMaxDecompressedBytes, features);
    }
}
