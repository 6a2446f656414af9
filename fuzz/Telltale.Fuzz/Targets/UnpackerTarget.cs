using Telltale.Artifacts;
using Telltale.Fuzz.Engine;

namespace Telltale.Fuzz.Targets;

/// <summary>One <see cref="IUnpacker"/> on its own: the bytes are the container, its entries are drained and checked.</summary>
internal abstract class UnpackerTarget(string name, IUnpacker unpacker, string containerName) : IFuzzTarget
{
    public string Name => name;

    public string Contract =>
        $"{unpacker.GetType().Name}.Unpack never throws; entries stay within the limits (size, total, count), names are relative without '..', problems become refusals";

    public FuzzInputKind InputKind => FuzzInputKind.Binary;

    public int MaxInputBytes => FuzzLimits.MaxBinaryInputBytes;

    public int StackBytes => 0;

    public abstract IEnumerable<byte[]> Seeds();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        features.Add("can-unpack", unpacker.CanUnpack(containerName, input.Span).ToString());
        using var context = UnpackerContract.NewContext();
        var entries = unpacker.Unpack(UnpackerContract.Container(containerName, input), context);
        UnpackerContract.Drain(entries, context, features, maxDepth: 1);
    }
}
