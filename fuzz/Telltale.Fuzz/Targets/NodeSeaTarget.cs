using Telltale.Artifacts.Native;
using Telltale.Fuzz.Engine;
using Telltale.Fuzz.Seeds;

namespace Telltale.Fuzz.Targets;

/// <summary>Node single executable applications: the <c>NODE_SEA_BLOB</c> note, resource or section, and a bare blob.</summary>
internal sealed class NodeSeaTarget : IFuzzTarget
{
    public string Name => "node-sea";

    public string Contract => "NodeSeaReader.TryRead/ReadBlob never throw; the payload and its files lie inside the file";

    public FuzzInputKind InputKind => FuzzInputKind.Binary;

    public int MaxInputBytes => FuzzLimits.MaxBinaryInputBytes;

    public int StackBytes => 0;

    public IEnumerable<byte[]> Seeds() => ExecutableSeeds.Seas();

    public void Run(ReadOnlyMemory<byte> input, FeatureSink features)
    {
        var image = ImageContract.Read(input, features);
        features.Add("contains", NodeSeaReader.Contains(image).ToString());
        if (image is not null)
        {
            PayloadContract.Check(NodeSeaReader.TryRead(input, image), input, 0, features);
        }

        // The whole input as a blob: the seeds include bare blobs, so the blob parser gets the mutations directly.
        PayloadContract.Check(NodeSeaReader.ReadBlob(input, 0, input.Length), input, 0, features);
    }
}
