using Telltale.Artifacts.Native;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>Bun <c>--compile</c> executables: the module graph in a <c>.bun</c> section or appended after the image.</summary>
internal sealed class BunTarget : IFuzzTarget
{
    public string Name => "bun";

    public string Contract => "BunModuleGraphReader.Contains/TryRead never throw; the payload and every module are slices inside the file";

    public FuzzInputKind InputKind => FuzzInputKind.Binary;

    public int MaxInputBytes => FuzzLimits.MaxBinaryInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => ExecutableSeeds.Buns();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        var image = ImageContract.Read(input, features);
        features.Add("contains", BunModuleGraphReader.Contains(input.Span, image).ToString());
        PayloadContract.Check(BunModuleGraphReader.TryRead(input, image), input, 0, features);
        if (image is not null)
        {
            // The trailer is also looked for without the image (the unpacker does so when headers are unreadable).
            PayloadContract.Check(BunModuleGraphReader.TryRead(input, null), input, 0, features);
        }
    }
}
