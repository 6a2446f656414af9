using Telltale.Artifacts.Native;
using Telltale.Fuzz.Engine;

namespace Telltale.Fuzz.Targets;

/// <summary>The layout reader (<see cref="NativeImage.TryRead"/>) on one executable format's seeds.</summary>
internal abstract class NativeImageTarget(string name) : IFuzzTarget
{
    public string Name => name;

    public string Contract => "NativeImage.TryRead never throws; regions and the image end lie inside the file; bad headers become Problems";

    public FuzzInputKind InputKind => FuzzInputKind.Binary;

    public int MaxInputBytes => FuzzLimits.MaxBinaryInputBytes;

    public int StackBytes => 0;

    public abstract IEnumerable<byte[]> Seeds();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features) => ImageContract.Read(input, features);
}
